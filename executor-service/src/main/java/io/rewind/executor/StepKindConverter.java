package io.rewind.executor;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link StepKind} by its dotted name, as plans and clients write it, so the table reads like the API. */
@Converter(autoApply = true)
public class StepKindConverter implements AttributeConverter<StepKind, String> {

    @Override
    public String convertToDatabaseColumn(StepKind kind) {
        return kind == null ? null : kind.id();
    }

    @Override
    public StepKind convertToEntityAttribute(String id) {
        return id == null ? null : StepKind.fromId(id);
    }
}
