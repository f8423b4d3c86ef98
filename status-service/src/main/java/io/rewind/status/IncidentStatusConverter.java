package io.rewind.status;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a template's incident status under its Statuspage name. */
@Converter
public class IncidentStatusConverter implements AttributeConverter<IncidentStatus, String> {

    @Override
    public String convertToDatabaseColumn(IncidentStatus status) {
        return status == null ? null : status.value();
    }

    @Override
    public IncidentStatus convertToEntityAttribute(String value) {
        if (value == null) {
            return null;
        }
        if (Progress.fromValue(value) instanceof IncidentStatus status) {
            return status;
        }
        throw new IllegalArgumentException("'" + value + "' is not an incident status");
    }
}
