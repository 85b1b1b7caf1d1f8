package io.streamserver.intake.control;

import io.streamserver.media.entity.InvalidParameterException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdempotencyKeyTest {

    @Test
    void noHeaderIsNoKey() {
        assertEquals(Optional.empty(), IdempotencyKey.parse(null));
    }

    @Test
    void aKeyIsTakenAsSentUpTo255PrintableCharacters() {
        assertEquals("\"8e03978e-40d5-43e8-bc93-6894a57f9324\"",
                IdempotencyKey.parse("\"8e03978e-40d5-43e8-bc93-6894a57f9324\"").orElseThrow().value());
        assertEquals("a b~!", IdempotencyKey.parse(" a b~! ").orElseThrow().value(), "surrounding blanks are the header's, not the key's");
        assertEquals(255, IdempotencyKey.parse("k".repeat(255)).orElseThrow().value().length());
    }

    @Test
    void anEmptyOverlongOrUnprintableKeyIsRefusedNamingTheHeader() {
        for (String refused : new String[]{"", "   ", "k".repeat(256), "tab\there", "caf\u00e9", "nul\u0000", "del\u007f"}) {
            InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> IdempotencyKey.parse(refused),
                    refused);
            assertTrue(e.getMessage().startsWith("Idempotency-Key"), e.getMessage());
        }
    }
}
