package dev.parley.protocol;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.Optional;

/**
 * One message on a link: a JSON object with a string {@code type}. Requests carry an {@code id},
 * responses echo it with a {@code status} and {@code message}, events carry no id.
 */
public record Frame(JsonObject json) {
    /**
     * Looked up once: {@code Json.createObjectBuilder()} searches for the provider on every call,
     * which on an application server costs more than building the frame.
     */
    static final JsonProvider JSON = JsonProvider.provider();

    public Frame {
        if (json == null) {
            throw new IllegalArgumentException("json");
        }
    }

    /** A new JSON object builder, from the provider looked up once. */
    public static JsonObjectBuilder object() {
        return JSON.createObjectBuilder();
    }

    /** A new JSON array builder, from the provider looked up once. */
    public static JsonArrayBuilder array() {
        return JSON.createArrayBuilder();
    }

    /** A request of this type with the given id; {@code fields} may be null. */
    public static Frame request(MessageType type, String id, JsonObjectBuilder fields) {
        JsonObjectBuilder b = fields == null ? object() : fields;
        return new Frame(b.add("type", type.name()).add("id", id).build());
    }

    /** The answer to the request with {@code id} (null when the request's id could not be read). */
    public static Frame response(String id, Status status, String message, JsonObjectBuilder fields) {
        JsonObjectBuilder b = fields == null ? object() : fields;
        b.add("type", MessageType.RESPONSE.name());
        if (id == null) {
            b.addNull("id");
        } else {
            b.add("id", id);
        }
        return new Frame(b.add("status", status.code()).add("message", message).build());
    }

    /** An event: no id. */
    public static Frame event(MessageType type, JsonObjectBuilder fields) {
        JsonObjectBuilder b = fields == null ? object() : fields;
        return new Frame(b.add("type", type.name()).build());
    }

    /** A request carrying a message record; the record's {@code @Message} names the type. */
    public static Frame request(String id, Record message) {
        JsonObjectBuilder b = fields(message);
        return new Frame(b.add("type", RecordCodec.of(message.getClass()).wireType()).add("id", id).build());
    }

    /** An answer with the fields of {@code body} (null for none) beside its status and message. */
    public static Frame answer(String id, Status status, String message, Record body) {
        return response(id, status, message, body == null ? null : fields(body));
    }

    /** An answer with no fields beyond its status and message. */
    public static Frame answer(String id, Status status, String message) {
        return response(id, status, message, null);
    }

    /** An event carrying a message record; the record's {@code @Message} names the type. */
    public static Frame event(Record message) {
        JsonObjectBuilder b = fields(message);
        return new Frame(b.add("type", RecordCodec.of(message.getClass()).wireType()).build());
    }

    /**
     * This frame's fields read as a record (an answer's body, or a message whose type the caller
     * already knows); a missing, mistyped or out-of-bounds field is an {@link InvalidFieldException}.
     */
    public <R extends Record> R as(Class<R> type) {
        return RecordCodec.of(type).read(json);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JsonObjectBuilder fields(Record body) {
        RecordCodec codec = RecordCodec.of(body.getClass());
        return codec.write(body, object());
    }

    /** The type as it appears on the wire (always present: the decoder refuses frames without one). */
    public String type() {
        return json.getString("type");
    }

    /** True for a response: the answer to a request, matched to it by {@link #id()}. */
    public boolean isAnswer() {
        return MessageType.RESPONSE.name().equals(type());
    }

    /**
     * True for an event: neither a response nor a frame with an {@code id} field. A request whose
     * {@code id} is unusable (not a string of 1 to 64 characters) is still a request, not an event.
     */
    public boolean isEvent() {
        return !isAnswer() && !json.containsKey("id");
    }

    /** The request id, if this frame carries a usable one. */
    public Optional<String> id() {
        JsonValue v = json.get("id");
        if (v instanceof JsonString s) {
            String id = s.getString(); // once: the JSON provider may copy the text on every call
            if (!id.isEmpty() && id.length() <= Limits.MAX_REQUEST_ID_LENGTH) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** The status of a response, or {@link Status#INTERNAL_ERROR} if it carries none we know. */
    public Status status() {
        JsonValue v = json.get("status");
        if (v instanceof JsonNumber n && n.isIntegral()) {
            return Status.of(n.intValue()).orElse(Status.INTERNAL_ERROR);
        }
        return Status.INTERNAL_ERROR;
    }

    /** The human message of a response or event, or an empty string. */
    public String message() {
        JsonValue v = json.get("message");
        return v instanceof JsonString s ? s.getString() : "";
    }

    public String requireString(String name) {
        return optionalString(name).orElseThrow(() -> new InvalidFieldException("missing field '" + name + "'"));
    }

    public Optional<String> optionalString(String name) {
        JsonValue v = json.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (v instanceof JsonString s) {
            return Optional.of(s.getString());
        }
        throw new InvalidFieldException("field '" + name + "' must be a string");
    }

    public int requireInt(String name, int min, int max) {
        JsonValue v = json.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            throw new InvalidFieldException("missing field '" + name + "'");
        }
        return checkedInt(name, v, min, max);
    }

    public int optionalInt(String name, int fallback, int min, int max) {
        JsonValue v = json.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return fallback;
        }
        return checkedInt(name, v, min, max);
    }

    public boolean optionalBoolean(String name, boolean fallback) {
        JsonValue v = json.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return fallback;
        }
        if (v == JsonValue.TRUE || v == JsonValue.FALSE || v.getValueType() == JsonValue.ValueType.TRUE
                || v.getValueType() == JsonValue.ValueType.FALSE) {
            return v.getValueType() == JsonValue.ValueType.TRUE;
        }
        throw new InvalidFieldException("field '" + name + "' must be true or false");
    }

    private static int checkedInt(String name, JsonValue v, int min, int max) {
        if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
            throw new InvalidFieldException("field '" + name + "' must be a whole number");
        }
        java.math.BigInteger big = n.bigIntegerValue();
        if (big.compareTo(java.math.BigInteger.valueOf(min)) < 0 || big.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
            throw new InvalidFieldException("field '" + name + "' must be between " + min + " and " + max);
        }
        return big.intValue();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
