package io.streamserver.platform.control;

import jakarta.annotation.Priority;
import org.eclipse.microprofile.config.spi.Converter;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Reads every Duration configuration value as ISO-8601 (PT2H, P7D) or as a plain number of seconds,
 * so that an environment variable such as STREAM_RETENTION=3600 means what an operator expects.
 */
@Priority(200)
public class DurationConverter implements Converter<Duration> {

    @Override
    public Duration convert(String value) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            Duration duration = text.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(text)) : Duration.parse(text);
            if (duration.isNegative()) {
                throw new IllegalArgumentException("a duration cannot be negative: " + text);
            }
            return duration;
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("not a duration (ISO-8601 such as PT2H, or seconds): " + text, e);
        }
    }
}
