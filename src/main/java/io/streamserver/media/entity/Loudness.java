package io.streamserver.media.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * An EBU R128 measurement, with a true peak, a sample peak or both. The threshold and offset are what a second
 * loudnorm pass needs; values are null where the audio is silent (ffmpeg reports -inf).
 */
@Embeddable
public class Loudness {

    @Column(name = "INTEGRATED_LUFS")
    private Double integratedLufs;

    @Column(name = "TRUE_PEAK_DBTP")
    private Double truePeakDbtp;

    @Column(name = "LRA")
    private Double lra;

    @Column(name = "THRESHOLD_LUFS")
    private Double thresholdLufs;

    @Column(name = "TARGET_OFFSET")
    private Double targetOffset;

    /** The highest sample in dBFS; null where only the true peak was measured. */
    @Column(name = "SAMPLE_PEAK_DBFS")
    private Double samplePeakDbfs;

    protected Loudness() {
    }

    public Loudness(Double integratedLufs, Double truePeakDbtp, Double lra, Double thresholdLufs, Double targetOffset) {
        this.integratedLufs = integratedLufs;
        this.truePeakDbtp = truePeakDbtp;
        this.lra = lra;
        this.thresholdLufs = thresholdLufs;
        this.targetOffset = targetOffset;
    }

    /** The same measurement with its sample peak. */
    public Loudness withSamplePeak(Double samplePeakDbfs) {
        Loudness loudness = new Loudness(integratedLufs, truePeakDbtp, lra, thresholdLufs, targetOffset);
        loudness.samplePeakDbfs = samplePeakDbfs;
        return loudness;
    }

    public Double integratedLufs() {
        return integratedLufs;
    }

    public Double truePeakDbtp() {
        return truePeakDbtp;
    }

    public Double samplePeakDbfs() {
        return samplePeakDbfs;
    }

    public Double lra() {
        return lra;
    }

    public Double thresholdLufs() {
        return thresholdLufs;
    }

    public Double targetOffset() {
        return targetOffset;
    }

    /** Whether loudnorm can use these values as a first pass: silence cannot be normalised. */
    public boolean isMeasurable() {
        return integratedLufs != null && truePeakDbtp != null && lra != null && thresholdLufs != null;
    }

    /** The loudness_target form field: -31 to -5 LUFS. */
    public static Double parseTarget(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double target = Double.parseDouble(value.strip());
            if (target >= -31 && target <= -5) {
                return target;
            }
        } catch (NumberFormatException e) {
            // refused below, with the range
        }
        throw new InvalidParameterException("loudness_target", "must be a number of LUFS from -31 to -5, such as -14 or -23");
    }
}
