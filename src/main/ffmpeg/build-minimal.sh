#!/usr/bin/env bash
# Builds a minimal, statically linked ffmpeg and ffprobe from Debian's source package of the installed ffmpeg, with
# only the protocols, demuxers, decoders, encoders, muxers, parsers and filters that the server's commands use
# (src/main/java/io/streamserver/media/control/FfmpegCommands.java). Debian's own build links about 215 shared
# libraries and spends ~0.11 s of CPU on every start, several times per job; this one links libc, libm, libmp3lame and
# libopus and starts in a few milliseconds (docs/benchmarks.md).
#
# Prints the folder that holds ffmpeg and ffprobe. It builds once per machine into
# ${XDG_CACHE_HOME:-$HOME/.cache}/stream-server/ffmpeg: a later call returns at once, unless this script (its feature
# lists) or the installed Debian ffmpeg (a security update) changed. Needs root or sudo for apt-get the first time.
set -euo pipefail

script="$(readlink -f "$0")"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/stream-server/ffmpeg"
installed="$cache/bin"

fail() {
    echo "build-minimal.sh: $*" >&2
    exit 1
}

# The source follows the installed Debian ffmpeg, so that an apt upgrade of ffmpeg rebuilds this one too.
debian_version="$(dpkg-query -W -f='${Version}' ffmpeg 2>/dev/null || true)"
# our patches to Debian's source, applied in order; a patch that no longer applies to a newer source is skipped
shopt -s nullglob
patches=("${script%/*}"/*.patch)
shopt -u nullglob
stamp="$(cat "$script" "${patches[@]}" | sha256sum | cut -c1-16) ${debian_version:-unpinned}"
if [ -x "$installed/ffmpeg" ] && [ -x "$installed/ffprobe" ] && [ "$(cat "$installed/stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "$installed"
    exit 0
fi

mkdir -p "$cache"
# one build at a time: a second caller waits, then finds it done
exec 9>"$cache/.lock"
flock 9
if [ -x "$installed/ffmpeg" ] && [ -x "$installed/ffprobe" ] && [ "$(cat "$installed/stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "$installed"
    exit 0
fi

# apt-get install and the sources list need root: as root, or through sudo
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        fail "needs root or sudo to run: $*"
    fi
}

# the build's dependencies, by package
packages=(dpkg-dev gcc libc6-dev make nasm pkg-config libmp3lame-dev libopus-dev xz-utils patch)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} to build a minimal ffmpeg..." >&2
    as_root apt-get update -qq || fail "apt-get update failed"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || fail "cannot install ${missing[*]}"
fi

wanted="ffmpeg${debian_version:+=$debian_version}"
# apt-get source needs deb-src entries; they mirror the deb entries of Debian's own sources file
if ! apt-get source --print-uris -qq "$wanted" >/dev/null 2>&1; then
    list=/etc/apt/sources.list.d/stream-server-deb-src.sources
    if grep -Eqrs --include='*.list' --include='*.sources' '^(deb-src |Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        echo "Updating the package lists to find ffmpeg's source package" >&2
    elif [ -f /etc/apt/sources.list.d/debian.sources ]; then
        sed 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | as_root tee "$list" >/dev/null
        echo "Added $list to fetch ffmpeg's source package" >&2
    elif grep -qs '^deb ' /etc/apt/sources.list; then
        list=/etc/apt/sources.list.d/stream-server-deb-src.list
        sed -n 's/^deb /deb-src /p' /etc/apt/sources.list | as_root tee "$list" >/dev/null
        echo "Added $list to fetch ffmpeg's source package" >&2
    else
        fail "no Debian sources to mirror as deb-src; add deb-src entries for ffmpeg's source package"
    fi
    as_root apt-get update -qq || fail "apt-get update failed"
    apt-get source --print-uris -qq "$wanted" >/dev/null 2>&1 || fail "apt-get cannot find the source package $wanted"
fi

# the source is kept for rebuilds after a change of the feature lists, until Debian's version changes
sources="$cache/source"
if [ "$(cat "$sources/version" 2>/dev/null)" != "$wanted" ]; then
    rm -rf "$sources"
    mkdir -p "$sources"
    echo "Fetching the source of $wanted into $sources..." >&2
    (cd "$sources" && apt-get source -qq "$wanted" >&2) || fail "apt-get source $wanted failed"
    echo "$wanted" >"$sources/version"
fi
rm -rf "$cache/build"
mkdir -p "$cache/build"
pristine="$(find "$sources" -mindepth 1 -maxdepth 1 -type d -name 'ffmpeg-*' | head -n 1)"
[ -x "$pristine/configure" ] || fail "no ffmpeg source tree in $sources"
# patched in a copy, so that the kept source stays Debian's
tree="$cache/patched/${pristine##*/}"
rm -rf "$cache/patched"
mkdir -p "$cache/patched"
cp -a "$pristine" "$tree"
for patch in "${patches[@]}"; do
    if (cd "$tree" && patch -p1 --dry-run --silent <"$patch" >/dev/null 2>&1); then
        (cd "$tree" && patch -p1 --silent <"$patch") || fail "cannot apply $patch"
        echo "Applied ${patch##*/}" >&2
    else
        echo "Skipped ${patch##*/}: it does not apply to ${pristine##*/}; the build works without it" >&2
    fi
done

# What FfmpegCommands runs, and nothing else. Demuxers: the upload allowlist (mov reads mp4 and m4a), and mpegts and
# mov again for measuring encoded segments. Decoders: what those containers carry in practice; parsers: those that
# their demuxers hand packets to (wav parses everything: GSM in WAV does not decode without the gsm parser).
protocols=file,pipe,concat
demuxers=wav,w64,mp3,flac,ogg,mov,aiff,caf,wv,ape,mpegts
decoders=pcm_u8,pcm_s8,pcm_s16le,pcm_s16be,pcm_u16le,pcm_u16be,pcm_s24le,pcm_s24be,pcm_u24le,pcm_u24be,pcm_s32le,\
pcm_s32be,pcm_u32le,pcm_u32be,pcm_s64le,pcm_s64be,pcm_f16le,pcm_f24le,pcm_f32le,pcm_f32be,pcm_f64le,pcm_f64be,\
pcm_alaw,pcm_mulaw,adpcm_ms,adpcm_ima_wav,adpcm_ima_qt,gsm,gsm_ms,mace3,mace6,\
mp1,mp1float,mp2,mp2float,mp3,mp3float,aac,alac,ac3,eac3,amrnb,amrwb,flac,vorbis,opus,wavpack,ape
# -f null takes 16-bit PCM; the waveform leaves as 8-bit PCM
encoders=aac,libmp3lame,libopus,flac,pcm_s16le,pcm_s8
muxers=hls,mpegts,mp4,null,pcm_s8
parsers=aac,ac3,amr,flac,gsm,mpegaudio,opus,vorbis
# aresample is also what ffmpeg inserts to convert formats; anull and atrim are what it builds its own graphs with
filters=aresample,aformat,asplit,ebur128,loudnorm,anull,atrim

echo "Configuring a minimal ffmpeg (${tree##*/})..." >&2
(cd "$cache/build" && nice -n 19 "$tree/configure" --disable-everything --disable-autodetect --disable-network \
    --enable-static --disable-shared --disable-doc --disable-debug --disable-ffplay \
    --enable-libmp3lame --enable-libopus \
    --enable-protocol="$protocols" --enable-demuxer="$demuxers" --enable-decoder="$decoders" \
    --enable-encoder="$encoders" --enable-muxer="$muxers" --enable-parser="$parsers" --enable-filter="$filters" \
    >"$cache/configure.log" 2>&1) || fail "configure failed; see $cache/configure.log and $cache/build/ffbuild/config.log"

echo "Building ffmpeg and ffprobe (1-2 minutes on 2 cores, at low priority)..." >&2
(cd "$cache/build" && nice -n 19 make -j2 ffmpeg ffprobe >"$cache/make.log" 2>&1) \
    || fail "make failed; see $cache/make.log"

# installed whole or not at all: a server running the previous build keeps its files
rm -rf "$installed.new" "$installed.old"
mkdir -p "$installed.new"
cp "$cache/build/ffmpeg" "$cache/build/ffprobe" "$installed.new/"
"$installed.new/ffmpeg" -hide_banner -version >/dev/null || fail "the built ffmpeg does not run; see $cache/make.log"
echo "$stamp" >"$installed.new/stamp"
[ -d "$installed" ] && mv "$installed" "$installed.old"
mv "$installed.new" "$installed"
rm -rf "$installed.old" "$cache/build" "$cache/patched"
echo "Installed a minimal ffmpeg in $installed" >&2
echo "$installed"
