package dev.parley.protocol;

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

    /** The type of every answer; requests and events carry their message's type. */
    private static final String RESPONSE = "RESPONSE";

    /** The answer to the request with {@code id} (null when the request's id could not be read). */
    private static Frame response(String id, Status status, String message, JsonObjectBuilder fields) {
        JsonObjectBuilder b = fields == null ? JSON.createObjectBuilder() : fields;
        b.add("type", RESPONSE);
        if (id == null) {
            b.addNull("id");
        } else {
            b.add("id", id);
        }
        return new Frame(b.add("status", status.code()).add("message", message).build());
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
        return codec.write(body, JSON.createObjectBuilder());
    }

    /** The type as it appears on the wire (always present: the decoder refuses frames without one). */
    public String type() {
        return json.getString("type");
    }

    /** True for a response: the answer to a request, matched to it by {@link #id()}. */
    public boolean isAnswer() {
        return RESPONSE.equals(type());
    }

    /**
     * True for an event: neither a response nor a frame with an {@code id} field. A request whose
     * {@code id} is unusable (not a string of 1 to 64 characters of {@link WireText}) is still a
     * request, not an event.
     */
    public boolean isEvent() {
        return !isAnswer() && !json.containsKey("id");
    }

    /** The request id, if this frame carries a usable one. */
    public Optional<String> id() {
        JsonValue v = json.get("id");
        if (v instanceof JsonString s) {
            String id = s.getString(); // once: the JSON provider may copy the text on every call
            // An id that is not valid text could not be echoed back as the same id.
            if (!id.isEmpty() && id.length() <= Limits.MAX_REQUEST_ID_LENGTH && WireText.problem(id).isEmpty()) {
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

    @Override
    public String toString() {
        return json.toString();
    }
}
