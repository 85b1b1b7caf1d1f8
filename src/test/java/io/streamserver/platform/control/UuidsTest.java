package io.streamserver.platform.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UuidsTest {

    @Test
    void aUuidIsCanonicalisedToLowerCase() {
        assertEquals("550e8400-e29b-41d4-a716-446655440000",
                Uuids.canonical("550E8400-E29B-41D4-A716-446655440000"));
    }

    @Test
    void onlyAFullUuidPasses() {
        assertFalse(Uuids.isUuid("1-1-1-1-1"));
        assertFalse(Uuids.isUuid("../../etc/passwd"));
        assertFalse(Uuids.isUuid(null));
        assertTrue(Uuids.isUuid("550e8400-e29b-41d4-a716-446655440000"));
        assertThrows(IllegalArgumentException.class, () -> Uuids.canonical("550e8400e29b41d4a716446655440000"));
    }
}
