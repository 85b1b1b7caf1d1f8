package io.streamserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test audio made on the spot with ffmpeg's lavfi sources, and ffmpeg/ffprobe as measuring clients. */
public final class TestAudio {

    private TestAudio() {
    }

    public static Path folder() throws IOException {
        Path folder = Path.of(System.getProperty("stream.test-dir", "target/it")).resolve("audio");
        return Files.createDirectories(folder);
    }

    /** A 1 kHz sine as 16-bit PCM WAV. */
    public static Path sineWav(String name, double seconds, int sampleRate, int channels) throws IOException {
        Path file = folder().resolve(name);
        if (!Files.exists(file)) {
            run(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi",
                    "-i", "sine=frequency=1000:sample_rate=" + sampleRate + ":duration=" + seconds,
                    "-ac", String.valueOf(channels), "-c:a", "pcm_s16le", file.toString()));
        }
        return file;
    }

    /** A RIFF/WAVE file whose format tag (0x1234) no decoder knows, with a second of samples. */
    public static Path unknownFormatTagWav(String name) throws IOException {
        java.nio.ByteBuffer fmt = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x1234).putShort((short) 1).putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
        byte[] data = new byte[16000];
        java.nio.ByteBuffer riff = java.nio.ByteBuffer.allocate(44 + data.length).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data.length)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).put(fmt.array())
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return Files.write(folder().resolve(name), riff.array());
    }

    /**
     * A sine encoded with the codec, its bytes from the given share of the file on replaced with noise: the
     * container still probes, and decoding breaks where the noise starts.
     */
    public static Path noisyFrom(String name, double seconds, String codec, double share) throws IOException {
        Path clean = folder().resolve("clean-" + name);
        run(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=duration=" + seconds, "-c:a", codec,
                clean.toString()));
        byte[] bytes = Files.readAllBytes(clean);
        java.util.Random noise = new java.util.Random(42);
        for (int i = (int) (bytes.length * share); i < bytes.length; i++) {
            bytes[i] = (byte) noise.nextInt(256);
        }
        return Files.write(folder().resolve(name), bytes);
    }

    public static Path textFile(String name, String content) throws IOException {
        return Files.writeString(folder().resolve(name), content, StandardCharsets.UTF_8);
    }

    /** The duration of a local file or URL as ffprobe reads its container. */
    public static double durationSeconds(String input) throws IOException {
        return Double.parseDouble(run(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration",
                "-of", "csv=p=0", input)).strip());
    }

    /** Decodes an HLS stream over HTTP with ffmpeg as the client, into a WAV file. */
    public static Path decodeToWav(String playlistUrl, String name) throws IOException {
        Path out = folder().resolve(name);
        run(List.of("ffmpeg", "-v", "error", "-y", "-i", playlistUrl, "-c:a", "pcm_s16le", "-f", "wav", out.toString()));
        return out;
    }

    /** Stereo pink noise as 16-bit PCM WAV: unlike a sine, it lines up with a copy of itself at one offset only. */
    public static Path noiseWav(String name, double seconds, int sampleRate) throws IOException {
        Path file = folder().resolve(name);
        if (!Files.exists(file)) {
            run(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi",
                    "-i", "anoisesrc=color=pink:amplitude=0.3:seed=7:sample_rate=" + sampleRate + ":duration=" + seconds,
                    "-ac", "2", "-c:a", "pcm_s16le", file.toString()));
        }
        return file;
    }

    /**
     * ffmpeg 7.1 (org.bytedeco:ffmpeg, unpacked by the build): unlike Debian's 5.1, it applies the edit list of
     * fragmented MP4 when it decodes, as players do.
     */
    public static String clientFfmpeg7() {
        java.io.File ffmpeg = new java.io.File(System.getProperty("stream.client-ffmpeg",
                "target/client-ffmpeg/org/bytedeco/ffmpeg/linux-x86_64/ffmpeg"));
        // the unpacked jar keeps no file modes
        java.io.File ffprobe = new java.io.File(ffmpeg.getParentFile(), "ffprobe");
        if (!ffmpeg.canExecute() && !ffmpeg.setExecutable(true) || ffprobe.exists() && !ffprobe.setExecutable(true)) {
            throw new IllegalStateException("cannot run " + ffmpeg);
        }
        return ffmpeg.getAbsolutePath();
    }

    /** Decodes an HLS stream over HTTP with ffmpeg as the client, into mono 16-bit samples at the given rate. */
    public static short[] decodeToPcm(String playlistUrl, int sampleRate) throws IOException {
        return decodeToPcm("ffmpeg", playlistUrl, sampleRate);
    }

    /** Decodes a file or stream with the given ffmpeg, into mono 16-bit samples at the given rate. */
    public static short[] decodeToPcm(String ffmpeg, String playlistUrl, int sampleRate) throws IOException {
        Path raw = Files.createTempFile(folder(), "decoded", ".raw");
        try {
            run(List.of(ffmpeg, "-v", "error", "-y", "-i", playlistUrl, "-map", "0:a:0", "-ac", "1",
                    "-ar", String.valueOf(sampleRate), "-f", "s16le", "-c:a", "pcm_s16le", raw.toString()));
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(Files.readAllBytes(raw)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            short[] samples = new short[bytes.remaining() / 2];
            bytes.asShortBuffer().get(samples);
            return samples;
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    /** A 440 Hz tone at 0.8 of full scale, silent from 3 s to 5 s, 8 s in all, mono. */
    public static Path toneWithSilentGap(String name, int sampleRate) throws IOException {
        Path file = folder().resolve(name);
        if (!Files.exists(file)) {
            run(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi",
                    "-i", "aevalsrc=0.8*sin(2*PI*440*t)*(lt(t\\,3)+gte(t\\,5)):s=" + sampleRate + ":d=8",
                    "-c:a", "pcm_s16le", file.toString()));
        }
        return file;
    }

    /** What ffmpeg's ebur128 meter reads, on its own, over a file or URL. */
    public record Meter(double integratedLufs, double samplePeakDbfs) {
    }

    public static Meter ebur128(String input) throws IOException {
        Path log = Files.createTempFile(folder(), "ebur128", ".txt");
        try {
            run(List.of("ffmpeg", "-nostats", "-hide_banner", "-loglevel", "info", "-i", input, "-map", "0:a:0",
                    "-af", "ebur128=peak=sample", "-f", "null", "-"), log);
            String summary = Files.readString(log);
            summary = summary.substring(summary.lastIndexOf("Summary:"));
            return new Meter(lastNumber(summary, "I:\\s+(-?[0-9.]+) LUFS"), lastNumber(summary, "Peak:\\s+(-?[0-9.]+) dBFS"));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The integrated loudness (LUFS) of a file or URL, as ffmpeg's ebur128 meter reads it. */
    public static double integratedLufs(String input) throws IOException {
        return ebur128(input).integratedLufs();
    }

    private static double lastNumber(String text, String regex) throws IOException {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(regex).matcher(text);
        Double value = null;
        while (matcher.find()) {
            value = Double.parseDouble(matcher.group(1));
        }
        if (value == null) {
            throw new IOException("ebur128 printed no " + regex + " in " + text);
        }
        return value;
    }

    /** Runs a command to completion and returns its standard output; fails the test on a non-zero exit. */
    public static String run(List<String> command) throws IOException {
        Path stderr = Files.createTempFile(folder(), "stderr", ".txt");
        try {
            return run(command, stderr);
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    /** Runs a command to completion with its standard error to a file; returns its standard output. */
    public static String run(List<String> command, Path stderr) throws IOException {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectError(stderr.toFile()).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " failed: " + Files.readString(stderr));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
