package io.rewind.executor;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link TargetKind} by its name, as clients write it, so the table reads like the API. */
@Converter(autoApply = true)
public class TargetKindConverter implements AttributeConverter<TargetKind, String> {

    @Override
    public String convertToDatabaseColumn(TargetKind kind) {
        return kind == null ? null : kind.id();
    }

    @Override
    public TargetKind convertToEntityAttribute(String id) {
        return id == null ? null : TargetKind.fromId(id);
    }
}
