# The benchmark behind `./stream-server bench`, sourced by that script (it uses its serve and ensure_packages).
# Each figure sets stream-server against what a user could run instead, on the same inputs, in the same run:
# bare ffmpeg, xargs -P, nginx, cp. Runs alternate between the two sides so that load from elsewhere on the
# machine hits both alike, and every figure is the median of the per-run ratios. Writes BENCHMARKS.md.
# BENCH_QUICK=1: small inputs and one run, to try the command out; its BENCHMARKS.md says so. BENCH_FIGURES: see wanted.

bench() {
    B="$PWD/target/bench"
    if [ "${BENCH_QUICK:-0}" = 1 ]; then
        RUNS=1 LONG_SECONDS=60 SHORT_SECONDS=10 HOUR_SECONDS=720 BIG_BYTES=$((64 << 20)) WRK_SECONDS=3 WARMUP_SECONDS=1
    else
        RUNS=3 LONG_SECONDS=600 SHORT_SECONDS=60 HOUR_SECONDS=3600 BIG_BYTES=$((1 << 30)) WRK_SECONDS=8 WARMUP_SECONDS=3
    fi
    # TINY_SECONDS: figure 9's short clips; WINDOW: figure 8's first and last segments
    JOBS=16 CONNECTIONS=64 SEGMENTS=1000 TINY_SECONDS=10 WINDOW=120
    # the jobs the server runs at once (its STREAM_WORKERS, 0 meaning one per core), and so the baseline's xargs -P
    WORKERS="${STREAM_WORKERS:-0}"
    [ "$WORKERS" -gt 0 ] || WORKERS="$(nproc)"
    rm -rf "$B"
    mkdir -p "$B/results" "$B/logs" "$B/inputs" "$B/baseline" "$B/profile"
    SERVER_PID="" NGINX_PID="" PROXY_PID="" SINK_PID="" SCALE_PIDS=() POSTGRES="" CPU_GROUPS=() CPU_GROUP_ROOT=none BENCH_STARTED=$EPOCHREALTIME RESULTS="$B/results"
    trap bench_cleanup EXIT
    init_cpu_groups
    LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

    note "building the WAR and the bench client"
    mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$B/classpath.txt" > "$B/logs/build.log" 2>&1 || { cat "$B/logs/build.log"; fail "the build failed"; }
    CLIENT_CP="$B/classes:$PWD/target/test-classes:$(cat "$B/classpath.txt")"
    javac -d "$B/classes" -cp "$CLIENT_CP" src/test/bench/JobLoad.java

    note "generating the inputs with ffmpeg lavfi"
    LONG_WAV="$B/inputs/long.wav" SHORT_WAV="$B/inputs/short.wav" BIG_WAV="$B/inputs/big.wav"
    TINY_WAV="$B/inputs/tiny.wav" HOUR_WAV="$B/inputs/hour.wav"
    BIG_SECONDS=$(( (BIG_BYTES - 44) / 176400 ))
    audio "$LONG_WAV" "$LONG_SECONDS"
    audio "$SHORT_WAV" "$SHORT_SECONDS"
    audio "$TINY_WAV" "$TINY_SECONDS"
    audio "$HOUR_WAV" "$HOUR_SECONDS"
    audio "$BIG_WAV" "$BIG_SECONDS"

    if wanted footprint; then figure_footprint; else start_server "$B/data"; DATA="$B/data"; fi
    note "warming up: one short job"
    submit_jobs warm-up "codec=aac&quality_profile=high" "$SHORT_WAV" > /dev/null
    for figure in overhead ladder throughput short segment_cpu first_segment ingest serving polls; do
        ! wanted "$figure" || "figure_$figure"
    done
    stop_server
    ! wanted scaleout || figure_scaleout
    LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
    if [ -n "${BENCH_FIGURES:-}" ]; then
        for result in "$B"/results/*.ratio "$B"/results/*.cpu; do
            echo "$(basename "$result"): $(spread "$(basename "$result")" 3) $(cat "$result.verdict" 2>/dev/null)"
        done | tee "$B/summary.txt"
        note "only $BENCH_FIGURES: BENCHMARKS.md left as it was; the results are in $B/results"
        return
    fi
    write_benchmarks > BENCHMARKS.md
    note "BENCHMARKS.md written in $(seconds_since "$BENCH_STARTED") s"
}

# BENCH_FIGURES=throughput,short: only those figures (names as in bench's loop; footprint and scaleout too), for
# trying a change; BENCHMARKS.md is then left alone.
wanted() {
    [ -z "${BENCH_FIGURES:-}" ] || [[ ",$BENCH_FIGURES," == *",$1,"* ]]
}

note() {
    echo "[bench $(date -u +%H:%M:%S)] $*" >&2
}

fail() {
    note "FAILED: $*"
    exit 1
}

seconds_since() {
    awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'
}

# A music-like 44.1 kHz 16-bit stereo WAV: a tone over pink noise, so that encoders and FLAC work as on real audio.
audio() {
    ffmpeg -nostdin -v error -y -f lavfi -i "sine=frequency=220:sample_rate=44100:duration=$2" \
        -f lavfi -i "anoisesrc=color=pink:sample_rate=44100:amplitude=0.1:duration=$2" \
        -filter_complex "amix=inputs=2,aformat=channel_layouts=stereo" -c:a pcm_s16le "$1"
}

free_port() {
    local port
    for _ in $(seq 100); do
        port=$((18000 + RANDOM % 2000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    fail "no free port in 18000-19999"
}

# Starts stream-server as ./stream-server run does, on a free loopback port and the given data directory; the other
# arguments are JVM options. Sets SERVER_PID and BASE, and READY_SECONDS: launch to the API's first answer.
start_server() {
    local data="$1"
    shift
    local port
    port="$(free_port)"
    BASE="http://127.0.0.1:$port"
    SERVER_LOG="$B/logs/server-$port.log"
    local launched=$EPOCHREALTIME group
    group="$(cpu_group "server-$port")"
    # the bench submits one client's jobs far faster than the per-client rate limit is meant for
    (join_cpu_group "$group"; STREAM_DATA_DIR="$data" STREAM_PORT="$port" STREAM_BIND_ADDRESS=127.0.0.1 \
        STREAM_RATE_LIMIT_PER_MINUTE=100000 STREAM_RATE_LIMIT_BURST=100000 serve "$@") \
        > "$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    CPU_GROUPS[$SERVER_PID]="$group"
    # Payara answers while it still deploys, so ready is its own "ready" line and then the API's JSON 404 for an
    # unknown job, which proves that JAX-RS, CDI and JPA work
    until grep -q 'Payara Micro .* ready in' "$SERVER_LOG" \
        && [[ "$(curl -s --max-time 5 "$BASE/v1/stream/job/00000000-0000-0000-0000-000000000000")" == '{"error":"not_found"'* ]]; do
        kill -0 "$SERVER_PID" 2>/dev/null || fail "the server stopped while starting: $SERVER_LOG"
        [ "$(seconds_since "$launched" | cut -d. -f1)" -lt 300 ] || fail "the server was not ready in 300 s"
        sleep 0.05
    done
    READY_SECONDS="$(seconds_since "$launched")"
}

# Stops a process this bench started, by its PID, and then any ffmpeg it left behind.
stop_pid() {
    local pid="$1"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    local children
    children="$(pgrep -P "$pid" || true)"
    kill -TERM "$pid"
    for _ in $(seq 300); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    for child in $children; do
        [ "$(cat "/proc/$child/comm" 2>/dev/null)" = ffmpeg ] && kill -KILL "$child" 2>/dev/null || true
    done
}

stop_server() {
    stop_pid "$SERVER_PID"
    SERVER_PID=""
}

bench_cleanup() {
    stop_server
    stop_pid "$NGINX_PID"
    stop_pid "$PROXY_PID"
    stop_pid "$SINK_PID"
    local pid
    for pid in "${SCALE_PIDS[@]}"; do stop_pid "$pid"; done
    stop_postgres
    remove_cpu_groups
    # the inputs and uploads are several GiB; the logs, results and profiles stay in target/bench
    rm -rf "$B/inputs" "$B/baseline" "$B"/data*/uploads "$B"/data*/tmp "$B/data/cp-copy"
}

rss_kib() {
    local key value rest
    while read -r key value rest; do
        [ "$key" = VmRSS: ] && echo "$value" && return
    done < "/proc/$1/status"
}

record() {
    echo "$2" >> "$RESULTS/$1"
}

# Each line of the first file divided by the same line of the second: the per-run ratios.
ratios() {
    paste "$B/results/$1" "$B/results/$2" | awk '{ printf "%.4f\n", $1 / $2 }' > "$B/results/$3"
}

# The median of the numbers on standard input.
median_of() {
    sort -g | awk '{ v[NR] = $1 } END { printf "%.4f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# "median (min–max)" of a results file, with the given decimals.
spread() {
    local file="$B/results/$1"
    awk -v d="${2:-2}" -v m="$(median_of < "$file")" 'NR == 1 || $1 < lo { lo = $1 } NR == 1 || $1 > hi { hi = $1 }
        END { if (NR == 1) printf "%.*f", d, m; else printf "%.*f (%.*f–%.*f)", d, m, d, lo, d, hi }' "$file"
}

# RESULT le|ge GOAL FIGURE: records in RESULT.verdict whether the median of a results file meets the goal; a miss
# also lists the figure in results/missed.
verdict() {
    if awk -v m="$(median_of < "$B/results/$1")" -v op="$2" -v goal="$3" 'BEGIN { exit !(op == "le" ? m <= goal : m >= goal) }'; then
        echo met > "$B/results/$1.verdict"
    else
        echo "**missed**" > "$B/results/$1.verdict"
        echo "$4" >> "$B/results/missed"
    fi
}

# FIGURE BASELINE SERVER le|ge GOAL [RESULT le|ge GOAL]: the baseline step and the server step in turn, RUNS times
# (the baseline step gets the run number), each recording FIGURE.baseline or FIGURE.server; then the per-run ratios,
# the verdicts (on the ratio, and on a further result if given), and a profile if a goal is missed.
paired_figure() {
    for run in $(seq "$RUNS"); do
        note "$1: run $run of $RUNS"
        "$2" "$run"
        if same_build_baseline "$1"; then
            BARE_FFMPEG="$FFMPEG_PATH" BASELINE_SUFFIX=.same "$2" "$run"
        fi
        "$3"
    done
    ratios "$1.server" "$1.baseline" "$1.ratio"
    ! same_build_baseline "$1" || ratios "$1.server" "$1.same.baseline" "$1.same.ratio"
    verdict "$1.ratio" "$4" "$5" "$1"
    [ $# -lt 8 ] || verdict "$6" "$7" "$8" "$1"
    profile_if_missed "$1" "$3"
}

# Whether the figure also runs its bare ffmpeg baseline with the server's own ffmpeg build, when that is not Debian's
# (./stream-server gives the server a minimal build): the Debian baseline is what a user's shell loop costs, the
# same-build one what the server adds to its own encodes.
SAME_BUILD_FIGURES="overhead throughput short"
same_build_baseline() {
    [[ " $SAME_BUILD_FIGURES " == *" $1 "* ]] && [ -n "${FFMPEG_PATH:-}" ] && [ "$FFMPEG_PATH" != ffmpeg ]
}

# FIGURE FIELDS FILE...: submits the files at once and prints the wall seconds until all are Completed; the
# client's lines are kept in FIGURE.jobs for job_phases.
submit_jobs() {
    local jobs="$RESULTS/$1.jobs"
    shift
    java -cp "$CLIENT_CP" JobLoad submit "$BASE" "$@" | tee -a "$jobs" | awk '/^wall/ { print $2 }'
}

# Where the jobs' time went (medians, s), from the client's lines and the server's log of each job.
job_phases() {
    awk -v server_log="$SERVER_LOG" '
        BEGIN {
            while ((getline line < server_log) > 0) {
                if (!match(line, /timeMillis: [0-9]+/)) continue
                t = substr(line, RSTART + 12, RLENGTH - 12)
                if (match(line, /job [0-9a-f-]+: (queued|encoding [a-z_]+ to|completed)/)) {
                    split(substr(line, RSTART, RLENGTH), w, " ")
                    # a ladder starts one encode per rung: the first counts
                    if (!((substr(w[2], 1, length(w[2]) - 1), w[3]) in at)) at[substr(w[2], 1, length(w[2]) - 1), w[3]] = t
                }
            }
        }
        /^job / && (($2, "completed") in at) {
            done = $4 + $3 * 1000
            printf "%.3f %.3f %.3f %.3f\n", (at[$2, "queued"] - $4) / 1000, (at[$2, "encoding"] - at[$2, "queued"]) / 1000,
                (at[$2, "completed"] - at[$2, "encoding"]) / 1000, (done - at[$2, "completed"]) / 1000
        }' "$1" > "$1.phases"
    local column medians=()
    for column in 1 2 3 4; do
        medians+=("$(printf %.2f "$(cut -d' ' -f"$column" "$1.phases" | median_of)")")
    done
    echo "- Where a job's time went (median of $(wc -l < "$1.phases") jobs, s): upload and ffprobe until queued ${medians[0]};" \
        "queued to ffmpeg started (batch job start) ${medians[1]}; ffmpeg encoding ${medians[2]}."
}

# 7. Footprint: cold start to ready and idle RSS; the last start, on a fresh data directory, serves the figures after.
# The first cold server then takes figure 5's upload once, its first request: the RSS growth on a fresh server.
figure_footprint() {
    for run in $(seq "$RUNS"); do
        note "footprint: cold start $run of $RUNS"
        local data="$B/data-cold-$run"
        [ "$run" = "$RUNS" ] && data="$B/data"
        start_server "$data"
        record start.seconds "$READY_SECONDS"
        sleep 5
        record idle.mib "$(( $(rss_kib "$SERVER_PID") / 1024 ))"
        if [ "$run" = 1 ]; then
            note "footprint: the big upload on the fresh server"
            local job
            job="$(measured_upload fresh.mibs fresh.rss "$B/logs/upload-fresh.json")" || exit 1
            # the figures after start on an idle server; a server about to stop takes its job along
            [ "$run" = "$RUNS" ] && java -cp "$CLIENT_CP" JobLoad await "$BASE" "$job" > /dev/null
        fi
        [ "$run" = "$RUNS" ] || stop_server
    done
    verdict fresh.rss le 64 ingest
    DATA="$B/data"
}

# INPUT OUT [BITRATE] [text]: the bare ffmpeg HLS encode that a user would run instead of an AAC job, by default at
# quality_profile=high's 256k, with 6 s segments. With "text" it prints the command instead, for BENCHMARKS.md.
bare_hls() {
    local command=("${BARE_FFMPEG:-ffmpeg}" -nostdin -v error -y -i "$1" -c:a aac -b:a "${3:-256k}" -f hls -hls_time 6 -hls_list_size 0
        -hls_segment_filename "$2/segment_%05d.ts" "$2/index.m3u8")
    if [ "${4:-}" = text ]; then echo "${command[*]}"; else "${command[@]}"; fi
}

# 1. Pipeline overhead: one long WAV to AAC 256k HLS, submit to Completed against the bare ffmpeg command.
figure_overhead() {
    OVERHEAD_COMMAND="$(bare_hls long.wav out 256k text)"
    paired_figure overhead overhead_ffmpeg overhead_server le 1.10
}

overhead_ffmpeg() {
    local out="$B/baseline/overhead${BASELINE_SUFFIX:-}-$1" started=$EPOCHREALTIME cpu
    cpu="$(cpu_ticks_of "$$")"
    mkdir -p "$out"
    bare_hls "$LONG_WAV" "$out"
    record "overhead${BASELINE_SUFFIX:-}.baseline" "$(seconds_since "$started")"
    record_cpu "$$" "$cpu" 1 "" "overhead${BASELINE_SUFFIX:-}.bare.cpu"
}

overhead_server() {
    local cpu
    cpu="$(cpu_ticks_of "$SERVER_PID")"
    record overhead.server "$(submit_jobs overhead "codec=aac&quality_profile=high" "$LONG_WAV")"
    record_cpu "$SERVER_PID" "$cpu" 1 overhead.jvm.cpu overhead.ffmpeg.cpu
}

# CPU accounting that follows all of a server's processes: a cgroup (v2) per server, whose cpu.stat counts the JVM
# and every ffmpeg and ffprobe it starts, sandboxed or not, as perf's task-clock does. Without a writable cgroup2
# mount (not root, or cgroup v1 only) the bench falls back on the machine's busy time (cpu_ticks_of).
init_cpu_groups() {
    local mount
    mount="$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)"
    CPU_GROUP_ROOT=none
    if [ -n "$mount" ] && mkdir -p "$mount/stream-bench-$$/probe" 2>/dev/null && [ -f "$mount/stream-bench-$$/probe/cpu.stat" ]; then
        rmdir "$mount/stream-bench-$$/probe"
        CPU_GROUP_ROOT="$mount/stream-bench-$$"
    fi
}

cpu_groups_work() {
    [ "$CPU_GROUP_ROOT" != none ]
}

# A new group (its path) for one server, or nothing without cgroups.
cpu_group() {
    cpu_groups_work && mkdir -p "$CPU_GROUP_ROOT/$1" 2>/dev/null && echo "$CPU_GROUP_ROOT/$1" || true
}

# Moves the calling (sub)shell into the group, if there is one; what it starts stays there.
join_cpu_group() {
    [ -z "$1" ] || echo "$BASHPID" > "$1/cgroup.procs" 2>/dev/null || true
}

remove_cpu_groups() {
    cpu_groups_work || return 0
    rmdir "$CPU_GROUP_ROOT"/* "$CPU_GROUP_ROOT" 2>/dev/null || true
}

# The CPU clock ticks (user + system) that a process spent itself, and those of its children which it has reaped;
# then the whole machine's busy ticks, those of the bench shell's reaped children (which include its job clients),
# and, for a server started in a cgroup, the ticks of the whole group.
cpu_ticks_of() {
    local machine shell group="${CPU_GROUPS[$1]:-}" grouped=-1
    machine="$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat)"
    shell="$(cut -d' ' -f16-17 "/proc/$$/stat" | awk '{ print $1 + $2 }')"
    [ -z "$group" ] || grouped="$(awk -v hz="$(getconf CLK_TCK)" '/^usage_usec/ { printf "%.0f", $2 * hz / 1e6 }' "$group/cpu.stat")"
    cut -d' ' -f14-17 "/proc/$1/stat" | awk -v machine="$machine" -v shell="$shell" -v grouped="$grouped" \
        '{ print $1 + $2, $3 + $4, machine, shell, grouped }'
}

# PID BEFORE JOBS SELF OTHERS: records the CPU seconds per job that PID spent itself since cpu_ticks_of printed BEFORE
# in the results file SELF (none if empty), and in OTHERS what the rest of the work cost. For the bench shell, the
# rest is its reaped children (the bare ffmpeg runs). For a server, it is its cgroup's CPU less the JVM's own: its
# ffmpeg and ffprobe with their sandbox. (The kernel's count of the JVM's reaped children misses them: bubblewrap's
# PID namespace reaps them.) Without a cgroup, it is the machine's busy time less the JVM's and the bench clients'.
record_cpu() {
    local now self others
    now="$(cpu_ticks_of "$1")"
    read -r self others <<< "$(awk -v now="$now" -v before="$2" -v jobs="$3" -v hz="$(getconf CLK_TCK)" -v shell="$([ "$1" = "$$" ] && echo 1 || echo 0)" 'BEGIN {
        split(now, n, " "); split(before, b, " ")
        if (shell) rest = n[2] - b[2]
        else if (n[5] >= 0) rest = (n[5] - b[5]) - (n[1] - b[1])
        else rest = (n[3] - b[3]) - (n[1] - b[1]) - (n[4] - b[4])
        printf "%.3f %.3f", (n[1] - b[1]) / hz / jobs, rest / hz / jobs }')"
    [ -z "$4" ] || record "$4" "$self"
    record "$5" "$others"
}

# 2. Ladder: one job with the AAC rungs low, medium and high against the three bare encodes one after another.
LADDER_BITRATES="64k 128k 256k"
figure_ladder() {
    LADDER_COMMAND="$(for bitrate in $LADDER_BITRATES; do echo -n "$(bare_hls long.wav "out-$bitrate" "$bitrate" text); "; done)"
    paired_figure ladder ladder_ffmpeg ladder_server le 0.55
}

ladder_ffmpeg() {
    local started=$EPOCHREALTIME
    for bitrate in $LADDER_BITRATES; do
        mkdir -p "$B/baseline/ladder-$1-$bitrate"
        bare_hls "$LONG_WAV" "$B/baseline/ladder-$1-$bitrate" "$bitrate"
    done
    record ladder.baseline "$(seconds_since "$started")"
}

ladder_server() {
    record ladder.server "$(submit_jobs ladder "codec=aac&renditions=low,medium,high" "$LONG_WAV")"
}

# 3. Throughput: JOBS short sources at once; audio seconds finished per wall second against ffmpeg under xargs at
# the server's parallelism (its worker slots). Every job must also have reported its loudness.
figure_throughput() {
    THROUGHPUT_COMMAND="seq $JOBS | xargs -P $WORKERS -I{} $(bare_hls short.wav 'out/{}' 256k text)"
    paired_figure throughput throughput_ffmpeg throughput_server ge 0.85 throughput.unmetered le 0
    verdict throughput.jvm.cpu le 0.03 jvm
    loudness_share
}

throughput_ffmpeg() {
    many_ffmpeg throughput "$SHORT_WAV" "$SHORT_SECONDS" "$1"
}

throughput_server() {
    many_server throughput "$SHORT_WAV" "$SHORT_SECONDS"
}

# 9. Short jobs: as figure 3 on TINY_SECONDS clips, where each job's fixed costs weigh most; with its phase split.
figure_short() {
    SHORT_COMMAND="seq $JOBS | xargs -P $WORKERS -I{} $(bare_hls tiny.wav 'out/{}' 256k text)"
    paired_figure short short_ffmpeg short_server ge 0.72 short.unmetered le 0
    job_phases "$RESULTS/short.jobs" > "$RESULTS/short.phases.md"
    process_starts
}

# The upload check as the server runs it (FfmpegCommands.probeCommand: the probe and a decode of the first 5 s in one
# ffprobe), in CPU seconds per run over ten runs on the short clip, outside the sandbox: with Debian's ffprobe
# (process.cpu), most of it loading its shared libraries, and with the server's own build (probe.cpu).
process_starts() {
    local probe='for i in 1 2 3 4 5 6 7 8 9 10; do "$1" -v error -hide_banner -protocol_whitelist file -format_whitelist wav,w64,mp3,flac,ogg,mov,aiff,caf,wv,ape -select_streams a:0 -read_intervals %+5 -count_frames -show_entries format=format_name,duration:stream=codec_name,sample_rate,channels,nb_read_frames -of json "file:$0"; done'
    for _ in $(seq "$RUNS"); do
        record process.cpu "$(cpu_seconds bash -c "$probe" "$TINY_WAV" ffprobe | awk '{ printf "%.3f", $1 / 10 }')"
        record probe.cpu "$(cpu_seconds bash -c "$probe" "$TINY_WAV" "${FFPROBE_PATH:-ffprobe}" | awk '{ printf "%.4f", $1 / 10 }')"
    done
}

short_ffmpeg() {
    many_ffmpeg short "$TINY_WAV" "$TINY_SECONDS" "$1"
}

short_server() {
    many_server short "$TINY_WAV" "$TINY_SECONDS"
}

# FIGURE WAV SECONDS RUN: the bare encode of JOBS copies of the WAV under xargs -P WORKERS.
many_ffmpeg() {
    local out="$B/baseline/$1${BASELINE_SUFFIX:-}-$4" started=$EPOCHREALTIME cpu
    cpu="$(cpu_ticks_of "$$")"
    for job in $(seq "$JOBS"); do mkdir -p "$out/$job"; done
    export -f bare_hls
    seq "$JOBS" | xargs -P "$WORKERS" -I{} bash -c 'bare_hls "$0" "$1"' "$2" "$out/{}"
    record "$1${BASELINE_SUFFIX:-}.baseline" "$(audio_per_second "$(seconds_since "$started")" "$3")"
    record_cpu "$$" "$cpu" "$JOBS" "" "$1${BASELINE_SUFFIX:-}.bare.cpu"
}

# FIGURE WAV SECONDS: JOBS copies of the WAV posted at once; FIGURE.unmetered keeps one number, how many of the
# figure's jobs so far reported no loudness.integrated_lufs.
many_server() {
    local files=() cpu wall
    for _ in $(seq "$JOBS"); do files+=("$2"); done
    cpu="$(cpu_ticks_of "$SERVER_PID")"
    wall="$(submit_jobs "$1" "codec=aac&quality_profile=high" "${files[@]}")"
    record "$1.server" "$(audio_per_second "$wall" "$3")"
    record_cpu "$SERVER_PID" "$cpu" "$JOBS" "$1.jvm.cpu" "$1.ffmpeg.cpu"
    grep '^job ' "$RESULTS/$1.jobs" | awk '$5 == "none"' | wc -l > "$RESULTS/$1.unmetered"
}

# CPU seconds (user + system) of a command's processes.
cpu_seconds() {
    local TIMEFORMAT="%U %S"
    { time "$@" > /dev/null 2>&1; } 2>&1 | awk '{ printf "%.3f", $1 + $2 }'
}

# INPUT OUT: the encode as the server runs it for a job (FfmpegCommands.hlsCommand), with the server's ffmpeg build:
# bare_hls's encode, with the decoded audio split into an EBU R128 meter (sample peak, the default) whose branch leaves
# as the waveform's mono 8-bit samples, in large blocks, on a pipe that a reader drains, and the meter's summary in
# an FFREPORT file.
server_hls() {
    FFREPORT="file=$2/ffmpeg-report.log:level=32" "${FFMPEG_PATH:-ffmpeg}" -nostdin -v error -y -xerror -f wav -i "$1" \
        -filter_complex "[0:a:0]asplit=2[encode][side];[side]ebur128=peak=sample:framelog=verbose,aresample,aformat=channel_layouts=mono[waveform]" \
        -map "[encode]" -c:a aac -b:a 256k -f hls -hls_time 6 -hls_list_size 0 -hls_flags temp_file \
        -hls_segment_filename "$2/segment_%05d.ts" "$2/index.m3u8" \
        -map "[waveform]" -c:a pcm_s8 -flush_packets 0 -f s8 pipe:1 | cat > /dev/null
}

# What a job computes beyond the baseline's encode: the loudness meter and the waveform in the encode's own process,
# as the server runs it, in CPU seconds against the bare encode's, on the throughput figure's source.
loudness_share() {
    for run in $(seq "$RUNS"); do
        mkdir -p "$B/baseline/meter-$run" "$B/baseline/encode-$run"
        record meter.cpu "$(cpu_seconds server_hls "$SHORT_WAV" "$B/baseline/meter-$run")"
        grep -q 'Integrated loudness' "$B/baseline/meter-$run/ffmpeg-report.log" \
            || fail "the metered encode wrote no loudness summary: $B/baseline/meter-$run/ffmpeg-report.log"
        record encode.cpu "$(BARE_FFMPEG="${FFMPEG_PATH:-ffmpeg}" cpu_seconds bare_hls "$SHORT_WAV" "$B/baseline/encode-$run")"
    done
    ratios meter.cpu encode.cpu meter.share
}

# WALL SECONDS: the seconds of audio of JOBS such sources finished per wall second.
audio_per_second() {
    awk -v w="$1" -v a=$((JOBS * $2)) 'BEGIN { printf "%.2f", a / w }'
}

# 8. Server CPU per segment on a 1-hour source (FLAC, the quicker encode): the server JVM's CPU per segment over the
# WINDOW segments after the first and the WINDOW before the last, sampled by JobLoad as the job's progress passes
# them; the ratio is last / first, so bookkeeping that grows with the segments already recorded shows as > 1.
figure_segment_cpu() {
    for run in $(seq "$RUNS"); do
        note "segment cpu: run $run of $RUNS"
        segment_cpu
    done
    verdict segment.ratio le 1.10 segment
    profile_if_missed segment segment_cpu
}

segment_cpu() {
    local out="$B/logs/segment-cpu.out"
    java -cp "$CLIENT_CP" JobLoad cpu-per-segment "$BASE" "codec=flac&quality_profile=medium" "$HOUR_WAV" \
        "$SERVER_PID" 6 "$WINDOW" "$(getconf CLK_TCK)" > "$out" || fail "figure 8's job failed: $out"
    local first last
    read -r _ first _ last < "$out"
    record segment.first "$first"
    record segment.last "$last"
    record segment.ratio "$(awk -v f="$first" -v l="$last" 'BEGIN { printf "%.4f", l / f }')"
}

# 6. Time to first playable segment: from the upload's response to the first segment that the progressive playlist
# lists being fetched, for the long WAV; each job is then awaited, so that the next run starts on an idle server.
figure_first_segment() {
    for run in $(seq "$RUNS"); do
        note "first segment: run $run of $RUNS"
        first_segment
    done
    verdict first.seconds le 2 first
    profile_if_missed first first_segment
}

first_segment() {
    java -cp "$CLIENT_CP" JobLoad first-segment "$BASE" "codec=aac&quality_profile=high" "$LONG_WAV" > "$B/logs/first.out"
    record first.seconds "$(head -1 "$B/logs/first.out")"
    grep '^job ' "$B/logs/first.out" >> "$RESULTS/first.jobs"
}

# Records the server's peak VmRSS (KiB) in a file until it is killed.
sample_rss() {
    local peak=0 rss
    while true; do
        rss="$(rss_kib "$SERVER_PID")"
        if [ "$rss" -gt "$peak" ]; then
            peak="$rss"
            # replaced whole, never read half-written when the sampler is killed
            echo "$peak" > "$1.new" && mv "$1.new" "$1"
        fi
        sleep 0.05
    done
}

# 5. Upload ingest: a ~1 GiB WAV uploaded with curl against cp to the same disk, and the server's RSS growth
# meanwhile. The job transcodes it to FLAC, which is quick and leaves the 1,000 segments that figure 4 serves.
figure_ingest() {
    INGEST_COMMAND="cp big.wav <data directory>/cp-copy"
    local bytes
    bytes="$(stat -c %s "$BIG_WAV")"
    INGEST_MIB="$(( bytes >> 20 ))"
    INGEST_RUN=0
    SINK_PORT="$(free_port)"
    java -cp "$CLIENT_CP" JobLoad sink "$SINK_PORT" > "$B/logs/sink.log" 2>&1 &
    SINK_PID=$!
    until (exec 3<>"/dev/tcp/127.0.0.1/$SINK_PORT") 2>/dev/null; do
        kill -0 "$SINK_PID" 2>/dev/null || fail "the upload sink did not start: $B/logs/sink.log"
        sleep 0.1
    done
    paired_figure ingest ingest_cp ingest_server ge 0.5 ingest.rss le 64
    stop_pid "$SINK_PID"
    SINK_PID=""
}

# The same curl upload to a socket that reads the body and discards it (JobLoad sink): what the client and the
# loopback alone allow, for the causes section.
ingest_sink() {
    local seconds
    seconds="$(curl -sS --fail -o /dev/null -w '%{time_total}' -F "file=@$BIG_WAV;type=audio/wav" \
        -F codec=flac -F quality_profile=medium "http://127.0.0.1:$SINK_PORT/v1/stream/transcode")"
    record ingest.sink "$(mib_per_second "$seconds")"
}

ingest_cp() {
    local started=$EPOCHREALTIME
    cp "$BIG_WAV" "$DATA/cp-copy"
    record ingest.baseline "$(mib_per_second "$(seconds_since "$started")")"
    rm "$DATA/cp-copy"
    ingest_sink
}

mib_per_second() {
    awk -v s="$1" -v b="$(stat -c %s "$BIG_WAV")" 'BEGIN { printf "%.1f", b / s / 1048576 }'
}

# SPEED RSS RESPONSE: one upload of the big WAV, recording its MiB/s in SPEED and the server's RSS growth meanwhile
# (MiB) in RSS; prints the job id. The window ends at the response: the upload's own growth. The job it queued grows
# a fresh server by 60-176 MiB in the next 40 s (docs/benchmarks.md), which a later reading would count as the upload's.
measured_upload() {
    local peak="$B/results/.peak" response="$3" before
    before="$(rss_kib "$SERVER_PID")"
    echo "$before" > "$peak"
    sample_rss "$peak" &
    local sampler=$!
    local seconds
    seconds="$(curl -sS --fail-with-body -o "$response" -w '%{time_total}' -F "file=@$BIG_WAV;type=audio/wav" \
        -F codec=flac -F quality_profile=medium "$BASE/v1/stream/transcode")"
    kill "$sampler"
    wait "$sampler" 2>/dev/null || true
    record "$1" "$(mib_per_second "$seconds")"
    record "$2" "$(( ($(cat "$peak") - before) / 1024 ))"
    local job
    job="$(sed -n 's/.*"job_id":"\([^"]*\)".*/\1/p' "$response")"
    [ -n "$job" ] || fail "the upload was refused: $(cat "$response")"
    echo "$job"
}

# One measured upload of the big WAV, then its job awaited so that the next run starts on an idle server.
ingest_server() {
    INGEST_RUN=$((INGEST_RUN + 1))
    local job
    job="$(measured_upload ingest.server ingest.rss "$B/logs/upload-$INGEST_RUN.json")" || exit 1
    echo "$job" >> "$RESULTS/ingest.ids"
    java -cp "$CLIENT_CP" JobLoad await "$BASE" "$job" > /dev/null
}

start_nginx() {
    NGINX_PORT="$(free_port)"
    local dir="$B/nginx"
    mkdir -p "$dir"
    sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$NGINX_PORT|g" -e "s|@JOBS@|$DATA/jobs|g" \
        -e "s|@USER@|$(id -un) $(id -gn)|g" src/test/bench/nginx.conf > "$dir/nginx.conf"
    nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' > "$B/logs/nginx.log" 2>&1 &
    NGINX_PID=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT$(head -1 "$B/inputs/one.txt")"; do
        kill -0 "$NGINX_PID" 2>/dev/null || fail "nginx did not start: $B/logs/nginx.log"
        sleep 0.1
    done
}

# The production layout of docs/proxy.md: Debian's nginx with src/main/nginx/stream-server.conf in front of the
# server, as ProxyLayoutIT runs it (upstream, listen line and cache folder replaced), in a main file like the baseline's.
start_proxy() {
    PROXY_PORT="$(free_port)"
    local dir="$B/proxy"
    mkdir -p "$dir/cache"
    sed -e "s|server 127.0.0.1:8082;|server ${BASE#http://};|" -e "s|listen 80;|listen 127.0.0.1:$PROXY_PORT;|" \
        -e "s|/var/cache/nginx/stream-server|$dir/cache|" src/main/nginx/stream-server.conf > "$dir/stream-server.conf"
    sed -e '/^    server {/,$d' -e "s|@DIR@|$dir|g" -e "s|@USER@|$(id -un) $(id -gn)|g" src/test/bench/nginx.conf > "$dir/nginx.conf"
    printf '    include %s/stream-server.conf;\n}\n' "$dir" >> "$dir/nginx.conf"
    nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' > "$B/logs/proxy.log" 2>&1 &
    PROXY_PID=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$PROXY_PORT$(head -1 "$B/inputs/one.txt")"; do
        kill -0 "$PROXY_PID" 2>/dev/null || fail "the proxy layout's nginx did not start: $B/logs/proxy.log"
        sleep 0.1
    done
}

# CPU time (user + system) of the given processes, in clock ticks.
cpu_ticks() {
    for pid in "$@"; do cut -d' ' -f14,15 "/proc/$pid/stat"; done | awk '{ t += $1 + $2 } END { print t }'
}

# Runs wrk against a base URL with a paths file. With the PIDs of the server under test, records requests/s,
# p99 and the CPU that those processes spent per request; without, it is a warm-up.
load() {
    local name="$1" url="$2" paths="$3" duration="$4" result
    shift 4
    local ticks=0
    [ $# -gt 0 ] && ticks="$(cpu_ticks "$@")"
    result="$(wrk -t2 -c"$CONNECTIONS" -d"$duration"s --timeout 10s -s src/test/bench/segments.lua "$url" -- "$paths" | awk '/^result/')"
    [ -n "$result" ] || fail "wrk printed no result for $name"
    [ "$(echo "$result" | cut -d' ' -f5)" = 0 ] || fail "wrk saw errors for $name: $result"
    [ $# -gt 0 ] || return 0
    record "$name.rps" "$(echo "$result" | cut -d' ' -f2)"
    record "$name.p99" "$(echo "$result" | cut -d' ' -f3)"
    record "$name.cpu" "$(awk -v t="$(( $(cpu_ticks "$@") - ticks ))" -v hz="$(getconf CLK_TCK)" -v n="$(echo "$result" | cut -d' ' -f4)" \
        'BEGIN { printf "%.3f", t * 1000 / hz / n }')"
}

# 4. Segment serving: CONNECTIONS connections on one segment, then cycling through SEGMENTS different ones,
# against nginx serving the same files. Both are warmed up first.
figure_serving() {
    local jobs
    mapfile -t jobs < "$RESULTS/ingest.ids"
    for job in "${jobs[@]}"; do
        ls "$DATA/jobs/$job" | grep -E '^segment_[0-9]{5}\.(ts|m4s)$' | sed "s|^|/v1/stream/hls/$job/|"
    done > "$B/inputs/all.txt"
    head -n "$SEGMENTS" "$B/inputs/all.txt" > "$B/inputs/many.txt"
    SEGMENT_COUNT="$(wc -l < "$B/inputs/many.txt")"
    sed -n 2p "$B/inputs/many.txt" > "$B/inputs/one.txt"
    SEGMENT_KIB="$(( $(stat -c %s "$DATA/jobs/${jobs[0]}/$(basename "$(cat "$B/inputs/one.txt")")") >> 10 ))"
    start_nginx
    cmp -s <(curl -s "$BASE$(cat "$B/inputs/one.txt")") <(curl -s "http://127.0.0.1:$NGINX_PORT$(cat "$B/inputs/one.txt")") \
        || fail "stream-server and nginx serve different bytes for $(cat "$B/inputs/one.txt")"
    for set in one many; do
        note "serving: $set, warming up"
        load "$set.nginx" "http://127.0.0.1:$NGINX_PORT" "$B/inputs/$set.txt" "$WARMUP_SECONDS"
        load "$set.server" "$BASE" "$B/inputs/$set.txt" "$WARMUP_SECONDS"
        for run in $(seq "$RUNS"); do
            note "serving: $set, run $run of $RUNS"
            load "$set.nginx" "http://127.0.0.1:$NGINX_PORT" "$B/inputs/$set.txt" "$WRK_SECONDS" "$NGINX_PID" $(pgrep -P "$NGINX_PID")
            load "$set.server" "$BASE" "$B/inputs/$set.txt" "$WRK_SECONDS" "$SERVER_PID"
        done
        ratios "$set.server.rps" "$set.nginx.rps" "$set.ratio"
    done
    # 4c: the SEGMENTS set through the documented proxy layout, its cache filled by the warm-up
    start_proxy
    note "serving: proxy layout, warming up"
    load proxied.proxy "http://127.0.0.1:$PROXY_PORT" "$B/inputs/many.txt" "$WARMUP_SECONDS"
    for run in $(seq "$RUNS"); do
        note "serving: proxy layout, run $run of $RUNS"
        load proxied.nginx "http://127.0.0.1:$NGINX_PORT" "$B/inputs/many.txt" "$WRK_SECONDS" "$NGINX_PID" $(pgrep -P "$NGINX_PID")
        load proxied.proxy "http://127.0.0.1:$PROXY_PORT" "$B/inputs/many.txt" "$WRK_SECONDS" "$PROXY_PID" $(pgrep -P "$PROXY_PID")
    done
    ratios proxied.proxy.rps proxied.nginx.rps proxied.ratio
    stop_pid "$PROXY_PID"
    PROXY_PID=""
    stop_pid "$NGINX_PID"
    NGINX_PID=""
    verdict one.ratio ge 0.5 serving
    verdict many.ratio ge 0.5 serving
    verdict proxied.ratio ge 0.9 serving
    profile_if_missed serving serving_server
}

serving_server() {
    for set in one many; do
        load "$set.server" "$BASE" "$B/inputs/$set.txt" "$WRK_SECONDS" "$SERVER_PID"
    done
}

# 10. Status polls: CONNECTIONS connections reading one completed job's status, as the seed's clients poll it,
# against the same server's static console.css; /health/live beside them, report only.
figure_polls() {
    local job
    job="$(awk '/^job / { print $2; exit }' "$RESULTS/overhead.jobs")"
    echo "/v1/stream/job/$job" > "$B/inputs/status.txt"
    echo /console.css > "$B/inputs/css.txt"
    echo /health/live > "$B/inputs/live.txt"
    echo /health/ready > "$B/inputs/ready.txt"
    for set in status css live ready; do
        curl -sf -o /dev/null "$BASE$(cat "$B/inputs/$set.txt")" || fail "$BASE$(cat "$B/inputs/$set.txt") does not answer 200"
    done
    STATUS_BYTES="$(curl -s "$BASE/v1/stream/job/$job" | wc -c)" CSS_BYTES="$(curl -s "$BASE/console.css" | wc -c)"
    note "status polls: warming up"
    for set in status css live ready; do
        load "$set" "$BASE" "$B/inputs/$set.txt" "$WARMUP_SECONDS"
    done
    for run in $(seq "$RUNS"); do
        note "status polls: run $run of $RUNS"
        polls_server
    done
    ratios status.rps css.rps status.ratio
    ratios live.rps css.rps live.ratio
    ratios ready.rps css.rps ready.ratio
    verdict status.ratio ge 0.7 polls
    verdict live.ratio ge 0.7 health
    verdict ready.ratio ge 0.7 health
    profile_if_missed polls polls_server
}

polls_server() {
    for set in status css live ready; do
        load "$set" "$BASE" "$B/inputs/$set.txt" "$WRK_SECONDS" "$SERVER_PID"
    done
}

# 11. Scale-out: JOBS jobs on SHORT_SECONDS sources, over two servers with half the worker slots each against one
# server with them all, each side on its own PostgreSQL database and data directory, on this machine's cores. Both
# sides run WORKERS encodes at a time, so the ratio is what the claim, the leases and the heartbeats cost.
figure_scaleout() {
    note "scale-out: starting PostgreSQL and three servers"
    start_postgres
    local one two_a two_b
    STREAM_DB_URL="$POSTGRES_URL/one" STREAM_INSTANCE_ID=one STREAM_WORKERS="$WORKERS" start_server "$B/data-one"
    one="$BASE" SCALE_ONE_PID="$SERVER_PID" SCALE_PIDS+=("$SERVER_PID")
    STREAM_DB_URL="$POSTGRES_URL/two" STREAM_INSTANCE_ID=two-a STREAM_WORKERS=$((WORKERS / 2)) start_server "$B/data-two"
    two_a="$BASE" SCALE_A_PID="$SERVER_PID" SCALE_PIDS+=("$SERVER_PID")
    STREAM_DB_URL="$POSTGRES_URL/two" STREAM_INSTANCE_ID=two-b STREAM_WORKERS=$((WORKERS - WORKERS / 2)) start_server "$B/data-two"
    two_b="$BASE" SCALE_B_PID="$SERVER_PID" SCALE_PIDS+=("$SERVER_PID")
    SERVER_PID=""
    local files=() run cpu_one cpu_a cpu_b wall
    for _ in $(seq "$JOBS"); do files+=("$SHORT_WAV"); done
    for run in $(seq "$RUNS"); do
        note "scale-out: run $run of $RUNS"
        cpu_one="$(cpu_ticks_of "$SCALE_ONE_PID")"
        BASE="$one" wall="$(submit_jobs scaleout-one "codec=aac&quality_profile=high" "${files[@]}")"
        record scaleout.one "$(audio_per_second "$wall" "$SHORT_SECONDS")"
        record_cpu "$SCALE_ONE_PID" "$cpu_one" "$JOBS" scaleout.one.jvm.cpu scaleout.one.ffmpeg.cpu
        cpu_a="$(cpu_ticks_of "$SCALE_A_PID")" cpu_b="$(cpu_ticks_of "$SCALE_B_PID")"
        BASE="$two_a,$two_b" wall="$(submit_jobs scaleout-two "codec=aac&quality_profile=high" "${files[@]}")"
        record scaleout.two "$(audio_per_second "$wall" "$SHORT_SECONDS")"
        # the pair: both JVMs' own CPU per job, and the rest of the machine's (which, seen from one, holds the other)
        record_cpu "$SCALE_A_PID" "$cpu_a" "$JOBS" scaleout.a.jvm.cpu scaleout.a.rest.cpu
        record_cpu "$SCALE_B_PID" "$cpu_b" "$JOBS" scaleout.b.jvm.cpu scaleout.b.rest.cpu
    done
    paste "$RESULTS/scaleout.a.jvm.cpu" "$RESULTS/scaleout.b.jvm.cpu" | awk '{ printf "%.3f\n", $1 + $2 }' > "$RESULTS/scaleout.two.jvm.cpu"
    if cpu_groups_work; then
        # each server's own processes, from its cgroup
        paste "$RESULTS/scaleout.a.rest.cpu" "$RESULTS/scaleout.b.rest.cpu" | awk '{ printf "%.3f\n", $1 + $2 }' > "$RESULTS/scaleout.two.ffmpeg.cpu"
    else
        # the machine's busy time less server a's JVM, less server b's JVM
        paste "$RESULTS/scaleout.a.rest.cpu" "$RESULTS/scaleout.b.jvm.cpu" | awk '{ printf "%.3f\n", $1 - $2 }' > "$RESULTS/scaleout.two.ffmpeg.cpu"
    fi
    ratios scaleout.two scaleout.one scaleout.ratio
    verdict scaleout.ratio ge 0.95 scaleout
    for pid in "${SCALE_PIDS[@]}"; do stop_pid "$pid"; done
    SCALE_PIDS=()
    stop_postgres
}

# A PostgreSQL cluster of Debian's newest server binaries under target/bench, on a free loopback port (as the
# postgres user when the bench runs as root), with the empty databases "one" and "two"; sets POSTGRES_URL.
start_postgres() {
    local port
    POSTGRES_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    POSTGRES_AS=()
    port="$(free_port)"
    POSTGRES="$B/postgres"
    mkdir -p "$POSTGRES"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$POSTGRES"
        POSTGRES_AS=(runuser -u postgres --)
    fi
    "${POSTGRES_AS[@]}" "$POSTGRES_BIN/initdb" -D "$POSTGRES/data" -U stream --auth=trust -E UTF8 --locale=C > "$B/logs/initdb.log"
    "${POSTGRES_AS[@]}" "$POSTGRES_BIN/pg_ctl" -D "$POSTGRES/data" -l "$POSTGRES/postgres.log" -w start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $POSTGRES" > /dev/null
    for database in one two; do
        "${POSTGRES_AS[@]}" "$POSTGRES_BIN/createdb" -h 127.0.0.1 -p "$port" -U stream "$database"
    done
    POSTGRES_URL="jdbc:postgresql://127.0.0.1:$port"
    export STREAM_DB_USER=stream STREAM_DB_PASSWORD=""
}

stop_postgres() {
    [ -n "$POSTGRES" ] || return 0
    "${POSTGRES_AS[@]}" "$POSTGRES_BIN/pg_ctl" -D "$POSTGRES/data" -m fast -w stop > /dev/null || true
    POSTGRES=""
}

# When a figure missed its goal: its server side once more, on the same server under a JFR recording
# (jcmd JFR.start, settings=profile); the summary lands in target/bench/profile/FIGURE.md and in BENCHMARKS.md.
profile_if_missed() {
    local figure="$1"
    shift
    grep -qx "$figure" "$B/results/missed" 2>/dev/null || return 0
    note "$figure: a goal is missed; profiling one more run"
    RESULTS="$B/profile/results"
    mkdir -p "$RESULTS"
    jcmd "$SERVER_PID" JFR.start name="$figure" settings=profile > /dev/null
    "$@"
    jcmd "$SERVER_PID" JFR.stop name="$figure" filename="$B/profile/$figure.jfr" > /dev/null
    summarise_profile "$B/profile/$figure.jfr" > "$B/profile/$figure.md"
    [ -f "$RESULTS/$figure.jobs" ] && job_phases "$RESULTS/$figure.jobs" >> "$B/profile/$figure.md"
    RESULTS="$B/results"
}

# A few lines from a recording: where the CPU samples fall (top frame, and the first stream-server frame under
# it), what allocates the most, and how the heap grew.
summarise_profile() {
    local json="${1%.jfr}.json"
    jfr print --json --stack-depth 64 \
        --events jdk.ExecutionSample,jdk.ObjectAllocationSample,jdk.GCHeapSummary,jdk.GarbageCollection "$1" > "$json"
    jq -r '
        def frame: "\(.method.type.name | gsub("/"; ".")).\(.method.name)";
        def frames: (.values.stackTrace.frames // []);
        def top($list; $count; $n): $list | group_by(.k) | map({k: .[0].k, v: (map(.v) | add)}) | sort_by(-.v)
            | .[:$count][] | "  - \(.v * 100 / $n | floor)% `\(.k)`";
        [.recording.events[] | select(.type == "jdk.ExecutionSample") | frames] as $samples
        | ($samples | length) as $n
        | [.recording.events[] | select(.type == "jdk.ObjectAllocationSample")
            | {k: "\(.values.objectClass.name | gsub("/"; ".")) in \(frames | .[:3] | map(frame) | join(" < "))", v: .values.weight}] as $allocations
        | ($allocations | map(.v) | add // 0) as $allocated
        | [.recording.events[] | select(.type == "jdk.GCHeapSummary") | .values] as $heap
        | "- \($n) CPU samples of Java code. Hottest methods (top of stack):",
          top($samples | map({k: (.[0] | frame), v: 1}); 5; $n),
          "- The same samples by the first stream-server frame on the stack (none: container or JDK work only):",
          top($samples | map({k: (map(select(.method.type.name | startswith("io/streamserver"))) | .[0] | if . == null then "none" else frame end), v: 1}); 3; $n),
          "- About \($allocated / 1048576 | floor) MiB allocated (sampled weight); the biggest sites:",
          top($allocations; 3; $allocated),
          (if ($heap | length) > 0 then
            "- Heap committed \($heap | map(.heapSpace.committedSize) | min / 1048576 | floor)–\($heap | map(.heapSpace.committedSize) | max / 1048576 | floor) MiB; used after a collection at most \($heap | map(select(.when == "After GC") | .heapUsed) | max // 0 | . / 1048576 | floor) MiB; \([.recording.events[] | select(.type == "jdk.GarbageCollection")] | length) collections."
           else empty end)
    ' "$json"
    rm -f "$json"
}

sink_rate() {
    echo
    echo "Measured in this run: the same curl upload to a socket that reads and discards it (\`JobLoad sink\`," \
        "src/test/bench/JobLoad.java) ran at $(spread ingest.sink 0) MiB/s, $(ratios ingest.sink ingest.baseline ingest.sink.ratio; spread ingest.sink.ratio) of \`cp\`."
}

# "met" when every given verdict is met.
verdicts() {
    local file
    for file in "$@"; do
        [ "$(cat "$B/results/$file.verdict")" = met ] || { echo "**missed**"; return; }
    done
    echo met
}

# How many of a figure's jobs reported their loudness, of how many.
metered() {
    local all
    all="$(grep -c '^job ' "$B/results/$1.jobs")"
    echo "$(( all - $(cat "$B/results/$1.unmetered") )) of ${all}"
}

# The JVM's share, the loudness meter's and the short jobs' phases: printed whether or not a goal is missed.
# "median (min–max)" of a results file, or a dash when the figure did not record it.
spread_or_none() {
    if [ -s "$B/results/$1" ]; then spread "$@"; else echo –; fi
}

cpu_shares() {
    local CPU_METHOD_NOTE=""
    cpu_groups_work || CPU_METHOD_NOTE=" (This run had no writable cgroup2 mount, so the server's processes are the machine's busy time less the JVM's and the bench clients': the machine is assumed quiet.)"
    cat <<MARKDOWN

## Where the CPU and the time go

CPU seconds per job (user + system, median of ${RUNS} runs), counted as perf's task-clock counts them: the server
runs in a cgroup of its own, whose \`cpu.stat\` holds the JVM and every ffmpeg and ffprobe it starts, sandboxed or not
(the JVM's reaped children would miss them: bubblewrap's PID namespace reaps them). The JVM's own share is the
utime + stime of its \`/proc/<pid>/stat\`; the rest is its ffmpeg and ffprobe. Bare ffmpeg is the bench shell's
reaped children, with Debian's build and with the server's own. Over the whole server step, so the JVM's column also
holds the bench client's job-list polls (once a second) and the server's idle work meanwhile.${CPU_METHOD_NOTE}

| figure | server JVM | server's ffmpeg and ffprobe | bare ffmpeg, Debian's | bare ffmpeg, the server's build |
|---|---|---|---|---|
| 1. one $((LONG_SECONDS / 60))-min job | $(spread overhead.jvm.cpu) | $(spread overhead.ffmpeg.cpu) | $(spread overhead.bare.cpu) | $(spread_or_none overhead.same.bare.cpu) |
| 3. ${JOBS} jobs of ${SHORT_SECONDS} s | $(spread throughput.jvm.cpu 3) | $(spread throughput.ffmpeg.cpu 3) | $(spread throughput.bare.cpu 3) | $(spread_or_none throughput.same.bare.cpu 3) |
| 9. ${JOBS} jobs of ${TINY_SECONDS} s | $(spread short.jvm.cpu 3) | $(spread short.ffmpeg.cpu 3) | $(spread short.bare.cpu 3) | $(spread_or_none short.same.bare.cpu 3) |
| 11. ${JOBS} jobs of ${SHORT_SECONDS} s on PostgreSQL, one server | $(spread scaleout.one.jvm.cpu 3) | $(spread scaleout.one.ffmpeg.cpu 3) | – | – |
| 11. the same over two servers (both together) | $(spread scaleout.two.jvm.cpu 3) | $(spread scaleout.two.ffmpeg.cpu 3) | – | – |

- A job's processes split into its upload check and its encode. The upload check as the server runs it
  (\`FfmpegCommands.probeCommand\`: probe and decode of the first 5 s in one ffprobe), outside the sandbox, on the
  ${TINY_SECONDS} s clip: $(spread probe.cpu 4) CPU seconds with the server's build, $(spread process.cpu 3) with
  Debian's, most of that loading Debian's shared libraries. The rest of the "server's ffmpeg and ffprobe" column is the
  encode, one process per rendition, with its sandbox.
- Loudness and waveform: the encode as the server runs it (\`server_hls\` in src/test/bench/bench.sh, as
  FfmpegCommands.hlsCommand builds it: the decoded audio split into the encoder and an \`ebur128=peak=sample\` meter
  whose branch leaves as the waveform's mono 8-bit samples, read from a pipe) took $(spread meter.cpu 2) CPU seconds on
  one ${SHORT_SECONDS} s source, the bare encode of the same build $(spread encode.cpu 2): $(spread meter.share 2)× its CPU.
$(sed 's/^- Where a job.s time went/- Figure 9: where a short job'"'"'s time went/' "$B/results/short.phases.md")
MARKDOWN
}

serving_cpu() {
    echo
    echo "CPU per request (user + system, from /proc, ms): one segment: stream-server $(spread one.server.cpu 3)," \
        "nginx $(spread one.nginx.cpu 3); ${SEGMENT_COUNT} segments: stream-server $(spread many.server.cpu 3), nginx $(spread many.nginx.cpu 3);" \
        "through the proxy layout (4c): its nginx $(spread proxied.proxy.cpu 3), the baseline nginx $(spread proxied.nginx.cpu 3)."
}

profile_notes() {
    if [ -f "$B/profile/$1.md" ]; then
        echo
        echo "Profile: one more run of the server's side, on the same server, recorded with JFR"
        echo "(\`jcmd <pid> JFR.start settings=profile\`, read with \`jfr print --json\`; the recording is in target/bench/profile):"
        echo
        cat "$B/profile/$1.md"
    fi
}

write_benchmarks() {
    local mode="" shared=""
    [ "${BENCH_QUICK:-0}" = 1 ] && mode=" **A quick trial (BENCH_QUICK=1): small inputs and one run; not the figures the goals are about.**"
    awk -v l="${LOAD_BEFORE%% *}" 'BEGIN { exit !(l >= 0.5) }' \
        && shared=" The machine was shared: other work was running (load average ${LOAD_BEFORE} before the run, ${LOAD_AFTER} after), so absolute times are noisy; the ratios, taken from alternating runs, much less so."
    cat <<MARKDOWN
# Benchmarks

Written by \`./stream-server bench\` on $(date -u +"%Y-%m-%d %H:%M UTC") in $(seconds_since "$BENCH_STARTED" | cut -d. -f1) s.${mode}
Each figure is the median of ${RUNS} runs, with the range in brackets. Every ratio is stream-server against a baseline
measured in the same run on the same inputs, the two sides alternating run by run; the ratio is the median of the
per-run ratios.${shared}

| # | figure | stream-server | baseline | ratio | goal | verdict |
|---|---|---|---|---|---|---|
| 1 | Pipeline overhead: $((LONG_SECONDS / 60))-min 44.1 kHz stereo WAV to AAC 256k HLS, submit to \`Completed\` (s) | $(spread overhead.server) | bare ffmpeg: $(spread overhead.baseline) | $(spread overhead.ratio) | ≤ 1.10 | $(cat "$B/results/overhead.ratio.verdict") |
| 2 | Ladder: $((LONG_SECONDS / 60))-min WAV to AAC low, medium and high (64k, 128k, 256k) as one ladder job, against three bare ffmpeg runs one after another (s) | $(spread ladder.server) | bare ffmpeg ×3: $(spread ladder.baseline) | $(spread ladder.ratio) | ≤ 0.55 | $(cat "$B/results/ladder.ratio.verdict") |
| 3 | Throughput: ${JOBS} jobs at once on ${SHORT_SECONDS} s sources, seconds of audio finished per wall second; jobs that reported \`loudness.integrated_lufs\`: $(metered throughput) | $(spread throughput.server 1) | ffmpeg under \`xargs -P ${WORKERS}\`: $(spread throughput.baseline 1) | $(spread throughput.ratio) | ≥ 0.85, every job with its loudness | $(verdicts throughput.ratio throughput.unmetered) |
| 4a | Segment serving, ${CONNECTIONS} connections on one 6 s segment (${SEGMENT_KIB} KiB): requests/s; p99 ms | $(spread one.server.rps 0); $(spread one.server.p99 1) | nginx: $(spread one.nginx.rps 0); $(spread one.nginx.p99 1) | $(spread one.ratio) | ≥ 0.5 | $(cat "$B/results/one.ratio.verdict") |
| 4b | Segment serving, ${CONNECTIONS} connections over ${SEGMENT_COUNT} different 6 s segments: requests/s; p99 ms | $(spread many.server.rps 0); $(spread many.server.p99 1) | nginx: $(spread many.nginx.rps 0); $(spread many.nginx.p99 1) | $(spread many.ratio) | ≥ 0.5 | $(cat "$B/results/many.ratio.verdict") |
| 4c | Segment serving as 4b through the documented proxy layout (nginx caching in front of stream-server, docs/proxy.md), against nginx serving the files directly: requests/s; p99 ms | $(spread proxied.proxy.rps 0); $(spread proxied.proxy.p99 1) | nginx: $(spread proxied.nginx.rps 0); $(spread proxied.nginx.p99 1) | $(spread proxied.ratio) | ≥ 0.9 | $(cat "$B/results/proxied.ratio.verdict") |
| 5a | Upload ingest: ${INGEST_MIB} MiB WAV, multipart upload with curl (MiB/s) | $(spread ingest.server 0) | \`cp\` to the same disk: $(spread ingest.baseline 0) | $(spread ingest.ratio) | ≥ 0.5 | $(cat "$B/results/ingest.ratio.verdict") |
| 5b | Upload ingest: growth of the server's resident memory during that upload (MiB) | $(spread ingest.rss 0) | – | – | ≤ 64 MiB | $(cat "$B/results/ingest.rss.verdict") |
| 5c | Upload ingest: the same growth when that upload is the first request of a freshly started server (MiB; once) | $(spread fresh.rss 0) | – | – | ≤ 64 MiB | $(cat "$B/results/fresh.rss.verdict") |
| 6 | Time to first playable segment: from the upload's response to the first segment of the progressive playlist fetched, $((LONG_SECONDS / 60))-min WAV to AAC 256k (s) | $(spread first.seconds) | – | – | ≤ 2 s | $(cat "$B/results/first.seconds.verdict") |
| 7 | Footprint: cold start to ready (s); idle resident memory (MiB) | $(spread start.seconds 1); $(spread idle.mib 0) | – | – | report only | – |
| 8 | Server CPU per segment: $((HOUR_SECONDS / 60))-min WAV to FLAC, $((HOUR_SECONDS / 6)) segments; the JVM's CPU ms per segment over the ${WINDOW} after the first, against the ${WINDOW} before the last | last ${WINDOW}: $(spread segment.last 3) | first ${WINDOW}: $(spread segment.first 3) | $(spread segment.ratio) | ≤ 1.10 | $(cat "$B/results/segment.ratio.verdict") |
| 9 | Short jobs: ${JOBS} jobs at once on ${TINY_SECONDS} s sources, seconds of audio finished per wall second; jobs that reported \`loudness.integrated_lufs\`: $(metered short) | $(spread short.server 1) | ffmpeg under \`xargs -P ${WORKERS}\`: $(spread short.baseline 1) | $(spread short.ratio) | ≥ 0.72 | $(verdicts short.ratio short.unmetered) |
| 3′, 9′, 1′ | The same figures against bare ffmpeg of the server's own build (\`./stream-server\`'s minimal build): what the server adds to its encodes | 3: $(spread_or_none throughput.same.ratio) | 9: $(spread_or_none short.same.ratio) | 1: $(spread_or_none overhead.same.ratio) | report only | – |
| 3″ | The server JVM's own CPU per ${SHORT_SECONDS} s job in figure 3 (s; the uploads, the batch job and the bench client's polls included) | $(spread throughput.jvm.cpu 3) | – | – | ≤ 0.03 | $(cat "$B/results/throughput.jvm.cpu.verdict") |
| 10a | Status polls: \`GET /v1/stream/job/{id}\` of a completed job (${STATUS_BYTES} bytes), ${CONNECTIONS} connections: requests/s; p99 ms | $(spread status.rps 0); $(spread status.p99 1) | the same server's static \`/console.css\` (${CSS_BYTES} bytes): $(spread css.rps 0); $(spread css.p99 1) | $(spread status.ratio) | ≥ 0.7 | $(cat "$B/results/status.ratio.verdict") |
| 10b | Health: \`GET /health/live\`, ${CONNECTIONS} connections: requests/s; p99 ms | $(spread live.rps 0); $(spread live.p99 1) | the static file of 10a | $(spread live.ratio) | ≥ 0.7 | $(cat "$B/results/live.ratio.verdict") |
| 10c | Readiness: \`GET /health/ready\` (its checks run in the background; a request only reads them), ${CONNECTIONS} connections: requests/s; p99 ms | $(spread ready.rps 0); $(spread ready.p99 1) | the static file of 10a | $(spread ready.ratio) | ≥ 0.7 | $(cat "$B/results/ready.ratio.verdict") |
| 11 | Scale-out: ${JOBS} jobs at once on ${SHORT_SECONDS} s sources over two servers on one PostgreSQL, $((WORKERS / 2)) and $((WORKERS - WORKERS / 2)) worker slots, against one server with ${WORKERS}, on the same cores: seconds of audio finished per wall second | two servers: $(spread scaleout.two 1) | one server: $(spread scaleout.one 1) | $(spread scaleout.ratio) | ≥ 0.95 | $(cat "$B/results/scaleout.ratio.verdict") |

## Machine

- $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) of memory, Linux $(uname -r)
- $(java -version 2>&1 | head -1); Payara Micro $(sed -n 's:.*<payara.version>\(.*\)</payara.version>.*:\1:p' pom.xml), JVM options as \`./stream-server run\` sets them: \`-XX:TieredStopAtLevel=1\` (C1 only; \`JAVA_OPTS\`: ${JAVA_OPTS:-none})
- $(ffmpeg -version | head -1 | cut -d' ' -f1-3); $(nginx -v 2>&1 | sed 's/.*: //'); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); curl $(curl --version | head -1 | cut -d' ' -f2)
- Load average (1, 5, 15 min) before the run: ${LOAD_BEFORE}; after: ${LOAD_AFTER}

## Baselines, exactly

Inputs are made by the bench with ffmpeg lavfi: a 220 Hz tone over pink noise, 44.1 kHz 16-bit stereo WAV
(\`long.wav\` ${LONG_SECONDS} s, \`short.wav\` ${SHORT_SECONDS} s, \`big.wav\` ${BIG_SECONDS} s).

1. \`${OVERHEAD_COMMAND}\`; stream-server: POST of \`long.wav\` with \`codec=aac\`, \`quality_profile=high\` (256 kb/s),
   timed from the start of the upload until the job list shows it \`Completed\` (polled every 100 ms). Before figure 1 the
   server runs one short job, so that no figure pays for the first request's class loading and the batch runtime's start.
2. \`${LADDER_COMMAND}\` against one job with \`codec=aac\`, \`renditions=low,medium,high\`, timed as in 1; the job encodes
   its rungs as partitions of one batch step, in parallel.
3. \`${THROUGHPUT_COMMAND}\`; stream-server: the same ${JOBS} files posted at once, timed until the last job is \`Completed\`.
   Both sides run ${WORKERS} encodes at a time: the server's worker slots (\`STREAM_WORKERS\`, by default one per core) and \`xargs -P ${WORKERS}\`.
4. \`wrk -t2 -c${CONNECTIONS} -d${WRK_SECONDS}s --timeout 10s -s src/test/bench/segments.lua <base> -- <paths>\` against
   Debian's nginx (src/test/bench/nginx.conf: defaults, \`sendfile on\`, the job folders under the same URLs) and against
   stream-server's HlsServlet. The segments are the FLAC (fMP4) segments of figure 5's jobs; after a
   ${WARMUP_SECONDS} s warm-up of each server. Both serve identical bytes (checked). 4c: the same set through Debian's
   nginx configured with src/main/nginx/stream-server.conf (docs/proxy.md) in front of stream-server, its cache filled by
   a ${WARMUP_SECONDS} s warm-up, against the baseline nginx; the CPU counted is each nginx's own.
5. \`${INGEST_COMMAND}\` against \`curl -F "file=@big.wav;type=audio/wav" -F codec=flac -F quality_profile=medium <base>/v1/stream/transcode\`,
   timed to the response (the upload stored and checked by ffprobe, the job queued). Resident memory is the server
   JVM's VmRSS, sampled every 50 ms; the growth is its peak during an upload less its value just before it. Each run
   first waits for the previous run's job (1,000 FLAC segments), whose own memory is thus not counted as the upload's.
   5c is the same upload once more, as the first request of the first cold-started server of figure 7.
6. \`GET /v1/stream/hls/{id}/index.m3u8?progressive=true\` every 20 ms from the moment the upload's response arrives,
   until the first segment it lists answers 200 with its bytes; same job as 1.
7. From starting the JVM as \`./stream-server run\` does, on a fresh data directory, until Payara logs "ready" and
   \`GET /v1/stream/job/{id}\` answers with the API's JSON 404; idle memory is the JVM's VmRSS 5 s later.
8. One POST of \`hour.wav\` (${HOUR_SECONDS} s) with \`codec=flac\`, \`quality_profile=medium\` (FLAC: the quicker encode to the
   same segment count); \`JobLoad cpu-per-segment\` (src/test/bench/JobLoad.java) reads the job every 50 ms and, whenever
   its progress covers more segments, the server JVM's utime + stime. The CPU per segment of a window is the CPU
   between the samples nearest its bounds (segments 1 and $((1 + WINDOW)), and the last progress seen while the job ran
   less ${WINDOW} and that progress, so that neither the batch job's start nor its completion is counted), divided by the
   segments between those samples; progress moves a chunk of segments (about a second of encoding) at a time. The poller is its own process; its requests, one every 50 ms in
   both windows, are served by the server and counted in both. No baseline: the ratio compares the job with itself.
9. \`${SHORT_COMMAND}\` against the same ${JOBS} files posted at once, as in 3.
10. \`wrk -t2 -c${CONNECTIONS} -d${WRK_SECONDS}s\` as in 4 on one path each: the status of figure 1's first job, \`/console.css\`
   and \`/health/live\`, in turn on the same server, after a ${WARMUP_SECONDS} s warm-up of each.
11. As 3, with \`STREAM_DB_URL\` pointing each side at its own database of one PostgreSQL cluster (Debian's, started by
   the bench under target/bench) and its own data directory: one server, and two servers sharing a database and a data
   directory, the jobs posted to them in turn. The two sides alternate run by run; the main server is stopped by then.
MARKDOWN
    cpu_shares
    if [ -f "$B/results/missed" ]; then
        echo
        echo "## Missed goals and their causes"
        echo
        echo "Each explanation was written from profiles like the one under it; that profile is this run's own."
        local figure title
        for figure in overhead ladder throughput jvm first serving ingest segment short polls health scaleout; do
            grep -qx "$figure" "$B/results/missed" || continue
            case "$figure" in
                overhead) title="1. Pipeline overhead" ;;
                ladder) title="2. Ladder" ;;
                first) title="6. Time to first playable segment" ;;
                throughput) title="3. Throughput" ;;
                serving) title="4. Segment serving" ;;
                ingest) title="5. Upload ingest" ;;
                segment) title="8. Server CPU per segment" ;;
                short) title="9. Short jobs" ;;
                polls) title="10a. Status polls" ;;
                health) title="10b, 10c. Health" ;;
                jvm) title="3″. The JVM's CPU per job" ;;
                scaleout) title="11. Scale-out" ;;
            esac
            echo
            echo "### ${title}"
            echo
            cat "src/test/bench/causes/$figure.md"
            if [ "$figure" = serving ]; then serving_cpu; fi
            if [ "$figure" = ingest ]; then sink_rate; fi
            profile_notes "$figure"
        done
    fi
}
