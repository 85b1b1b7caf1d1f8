package io.streamserver.encoding.control;

import io.streamserver.media.control.Waveform;
import io.streamserver.media.entity.Loudness;

import java.nio.file.Path;

/**
 * The last item of a rendition's encode, once ffmpeg has succeeded: the source's loudness metered beside the encode
 * and the waveform drawn from it, each null when this rendition's encode did not make it.
 */
record FinishedEncode(Path encoderFolder, Loudness loudness, Waveform waveform) {
}
