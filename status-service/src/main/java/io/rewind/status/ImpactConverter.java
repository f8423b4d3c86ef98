package io.rewind.status;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores an impact under its Statuspage name, the vocabulary of the table's CHECK constraint. */
@Converter
public class ImpactConverter implements AttributeConverter<Impact, String> {

    @Override
    public String convertToDatabaseColumn(Impact impact) {
        return impact == null ? null : impact.value();
    }

    @Override
    public Impact convertToEntityAttribute(String value) {
        return value == null ? null : Impact.fromValue(value);
    }
}
