package io.streamserver.jobs.entity;

import io.streamserver.media.entity.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PriorityTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\t"})
    void noPriorityMeansNormal(String value) {
        assertEquals(Priority.NORMAL, Priority.parse(value));
    }

    @ParameterizedTest
    @CsvSource({"urgent, URGENT", "Normal, NORMAL", "' BACKGROUND ', BACKGROUND"})
    void parseIgnoresCaseAndSurroundingSpace(String value, Priority expected) {
        assertEquals(expected, Priority.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"high", "low", "1", "urgent!"})
    void parseRefusesAnUnknownPriorityNamingThePriorityParameter(String value) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> Priority.parse(value));
        assertEquals("priority", e.parameter());
    }

    @Test
    void apiNameIsTheLowerCaseName() {
        assertEquals("background", Priority.BACKGROUND.apiName());
    }
}
