package io.streamserver.media.control;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

import java.util.Arrays;

/**
 * The min/max peaks of a job's audio for drawing its waveform, reduced from the mono 8-bit samples that the encode
 * writes as it goes, in the JSON format of BBC's audiowaveform (version 2, 8 bits, a fixed number of samples per
 * pixel) that waveform players such as peaks.js read.
 */
public final class Waveform {

    /** The file beside a job's playlist, served as peaks.json. */
    public static final String FILE_NAME = "peaks.json";
    /** audiowaveform's own default zoom; longer sources take more samples per pixel, in powers of two. */
    static final int MIN_SAMPLES_PER_PIXEL = 256;
    /** About three minutes of 44.1 kHz audio at 256 samples per pixel; at most some 200 kB of JSON, however long. */
    static final int MAX_PIXELS = 1 << 15;

    private final int sampleRate;
    private final int samplesPerPixel;
    private byte[] peaks = new byte[1024];
    private int length;
    private int inPixel;
    private byte min = Byte.MAX_VALUE;
    private byte max = Byte.MIN_VALUE;

    /** @param durationSeconds the source's duration, which fixes the samples per pixel before the first sample */
    public Waveform(int sampleRate, double durationSeconds) {
        this.sampleRate = sampleRate;
        this.samplesPerPixel = samplesPerPixel(sampleRate, durationSeconds);
    }

    static int samplesPerPixel(int sampleRate, double durationSeconds) {
        int samplesPerPixel = MIN_SAMPLES_PER_PIXEL;
        while ((double) sampleRate * durationSeconds / samplesPerPixel > MAX_PIXELS) {
            samplesPerPixel *= 2;
        }
        return samplesPerPixel;
    }

    /** Takes the next signed 8-bit samples. */
    public synchronized void accept(byte[] samples, int count) {
        for (int i = 0; i < count; i++) {
            byte sample = samples[i];
            min = sample < min ? sample : min;
            max = sample > max ? sample : max;
            if (++inPixel == samplesPerPixel) {
                endPixel();
            }
        }
    }

    private void endPixel() {
        if (2 * length + 2 > peaks.length) {
            peaks = Arrays.copyOf(peaks, peaks.length * 2);
        }
        peaks[2 * length] = min;
        peaks[2 * length + 1] = max;
        length++;
        inPixel = 0;
        min = Byte.MAX_VALUE;
        max = Byte.MIN_VALUE;
    }

    public int samplesPerPixel() {
        return samplesPerPixel;
    }

    /** The peaks so far, a last partial pixel included: min and max of pixel i at 2i and 2i+1. */
    public synchronized byte[] peaks() {
        if (inPixel > 0) {
            endPixel();
        }
        return Arrays.copyOf(peaks, 2 * length);
    }

    /** The audiowaveform JSON document. */
    public String json() {
        byte[] data = peaks();
        JsonArrayBuilder values = Json.createArrayBuilder();
        for (byte value : data) {
            values.add(value);
        }
        return Json.createObjectBuilder()
                .add("version", 2)
                .add("channels", 1)
                .add("sample_rate", sampleRate)
                .add("samples_per_pixel", samplesPerPixel)
                .add("bits", 8)
                .add("length", data.length / 2)
                .add("data", values)
                .build().toString();
    }
}
