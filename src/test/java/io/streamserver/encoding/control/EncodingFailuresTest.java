package io.streamserver.encoding.control;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EncodingFailuresTest {

    private final EncodingFailures failures = new EncodingFailures();

    @Test
    void theFirstFailureOfAClaimIsReportedOnceAndOnlyUnderThatClaim() {
        failures.record("job", "1", "aac: invalid data");
        failures.record("job", "1", "a later rendition's failure");
        failures.record("job", "2", "another claim's failure");

        assertEquals(Optional.empty(), failures.take("other", "1"));
        assertEquals(Optional.of("aac: invalid data"), failures.take("job", "1"));
        assertEquals(Optional.empty(), failures.take("job", "1"), "taken once");
        assertEquals(Optional.of("another claim's failure"), failures.take("job", "2"));
    }
}
