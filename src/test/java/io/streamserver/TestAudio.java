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

    /** Runs a command to completion and returns its standard output; fails the test on a non-zero exit. */
    public static String run(List<String> command) throws IOException {
        Path stderr = Files.createTempFile(folder(), "stderr", ".txt");
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
        } finally {
            Files.deleteIfExists(stderr);
        }
    }
}
