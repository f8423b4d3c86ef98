package io.rewind.status;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a kind under its lower-case name, the vocabulary of the table's CHECK constraint. */
@Converter
public class IncidentKindConverter implements AttributeConverter<IncidentKind, String> {

    @Override
    public String convertToDatabaseColumn(IncidentKind kind) {
        return kind == null ? null : kind.value();
    }

    @Override
    public IncidentKind convertToEntityAttribute(String value) {
        return value == null ? null : IncidentKind.fromValue(value);
    }
}
