package io.rewind.status;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a status under its Statuspage name, the vocabulary the table's CHECK constraint and operators use. */
@Converter
public class ComponentStatusConverter implements AttributeConverter<ComponentStatus, String> {

    @Override
    public String convertToDatabaseColumn(ComponentStatus status) {
        return status == null ? null : status.value();
    }

    @Override
    public ComponentStatus convertToEntityAttribute(String value) {
        return value == null ? null : ComponentStatus.fromValue(value);
    }
}
