package dev.parley.registry.room;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link RoomRole} as the lower-case word the schema's CHECK constraint allows. */
@Converter
public class RoomRoleColumn implements AttributeConverter<RoomRole, String> {

    @Override
    public String convertToDatabaseColumn(RoomRole role) {
        return role == null ? null : role.word();
    }

    @Override
    public RoomRole convertToEntityAttribute(String word) {
        return word == null ? null : RoomRole.ofWord(word);
    }
}
