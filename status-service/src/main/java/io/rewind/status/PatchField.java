package io.rewind.status;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;

/**
 * Reads one member of a partial update into an {@code Optional} that keeps apart what plain Jackson merges: a member
 * that is absent is {@code null} (leave the field alone), a member sent as {@code null} is {@link Optional#empty()}
 * (clear the field), and a value is that value. Jackson's own {@code Optional} support reads both absent and null as
 * empty, which would make "not mentioned" and "remove" the same request.
 *
 * <p>Values are read with the request's own mapper, so a wrong type fails with the member's path like any other
 * field.
 */
public class PatchField extends JsonDeserializer<Optional<?>> implements ContextualDeserializer {

    private final JavaType valueType;

    public PatchField() {
        this(null);
    }

    private PatchField(JavaType valueType) {
        this.valueType = valueType;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
        return new PatchField(property.getType().containedTypeOrUnknown(0));
    }

    @Override
    public Optional<?> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        return Optional.ofNullable(context.readValue(parser, valueType));
    }

    @Override
    public Optional<?> getNullValue(DeserializationContext context) {
        return Optional.empty();
    }

    @Override
    public Object getAbsentValue(DeserializationContext context) {
        return null;
    }
}
