package io.streamserver.jobs.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Stores every Instant as TIMESTAMP WITH TIME ZONE, in UTC, to the microsecond that H2 and PostgreSQL keep. JPA 3.1 maps OffsetDateTime on every provider but not
 * Instant, which EclipseLink stored as a serialized Java object.
 */
@Converter(autoApply = true)
public class InstantConverter implements AttributeConverter<Instant, OffsetDateTime> {

    @Override
    public OffsetDateTime convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    @Override
    public Instant convertToEntityAttribute(OffsetDateTime stored) {
        return stored == null ? null : stored.toInstant();
    }
}
