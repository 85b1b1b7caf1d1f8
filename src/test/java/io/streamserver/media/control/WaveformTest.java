package io.streamserver.media.control;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The peaks a waveform player draws: min and max per pixel of mono 8-bit samples, as audiowaveform writes them. */
class WaveformTest {

    @Test
    void eachPixelHoldsTheMinimumAndMaximumOfItsSamples() {
        Waveform waveform = new Waveform(8_000, 1);
        byte[] samples = new byte[512];
        samples[10] = -40;
        samples[20] = 90;
        samples[300] = 5;
        waveform.accept(samples, samples.length);

        assertArrayEquals(new byte[]{-40, 90, 0, 5}, waveform.peaks());
    }

    @Test
    void samplesMayArriveInPiecesOfAnySize() {
        Waveform whole = new Waveform(8_000, 1);
        Waveform pieces = new Waveform(8_000, 1);
        byte[] samples = new byte[1000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) ((i * 37) % 256);
        }
        whole.accept(samples, samples.length);
        for (int offset = 0; offset < samples.length; offset += 97) {
            byte[] piece = Arrays.copyOfRange(samples, offset, Math.min(samples.length, offset + 97));
            pieces.accept(piece, piece.length);
        }

        assertArrayEquals(whole.peaks(), pieces.peaks());
        assertEquals(4, whole.peaks().length / 2, "three whole pixels of 256 and the last partial one");
    }

    @Test
    void longSourcesTakeMoreSamplesPerPixelSoThatTheDocumentStaysBounded() {
        assertEquals(256, Waveform.samplesPerPixel(44_100, 60));
        int hour = Waveform.samplesPerPixel(44_100, 3600);
        assertEquals(8192, hour);
        assertEquals(true, 44_100.0 * 3600 / hour <= Waveform.MAX_PIXELS);
    }

    @Test
    void theDocumentIsAudiowaveformsVersionTwo() {
        Waveform waveform = new Waveform(48_000, 1);
        waveform.accept(new byte[]{-3, 7}, 2);
        JsonObject json = Json.createReader(new StringReader(waveform.json())).readObject();

        assertEquals(2, json.getInt("version"));
        assertEquals(1, json.getInt("channels"));
        assertEquals(48_000, json.getInt("sample_rate"));
        assertEquals(256, json.getInt("samples_per_pixel"));
        assertEquals(8, json.getInt("bits"));
        assertEquals(1, json.getInt("length"));
        assertEquals(Json.createArrayBuilder().add(-3).add(7).build(), json.getJsonArray("data"));
    }
}
