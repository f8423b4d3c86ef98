package io.rewind.status;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores an incident's or an update's status under its Statuspage name. */
@Converter
public class ProgressConverter implements AttributeConverter<Progress, String> {

    @Override
    public String convertToDatabaseColumn(Progress status) {
        return status == null ? null : status.value();
    }

    @Override
    public Progress convertToEntityAttribute(String value) {
        return value == null ? null : Progress.fromValue(value);
    }
}
