package dev.parley.client.registry;

import dev.parley.protocol.Frame;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.Keepalive;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What a successful LOGIN hands the client: the session's keepalive secrets, where to send the
 * keepalives, the token that lets this client take the session over after losing the link, and
 * the rooms the session is in (empty when the registry did not say: one from before the field, or
 * one whose database could not tell at that moment).
 */
public record SessionGrant(String username, byte[] sessionId, byte[] keepaliveKey, Duration keepaliveInterval,
        int udpPort, String resumeToken, String address, Optional<List<String>> rooms) {

    /** Reads a LOGIN answer; the registry encodes the session id in base64url and the key in base64. */
    static SessionGrant from(Frame answer) throws RegistryException {
        try {
            byte[] sessionId = decode(answer.requireString("sessionId"), "sessionId");
            if (sessionId.length != Keepalive.SESSION_ID_BYTES) {
                throw new InvalidFieldException("sessionId has " + sessionId.length + " bytes, not "
                        + Keepalive.SESSION_ID_BYTES);
            }
            byte[] key = decode(answer.requireString("keepaliveKey"), "keepaliveKey");
            if (key.length == 0) {
                throw new InvalidFieldException("keepaliveKey is empty");
            }
            return new SessionGrant(answer.requireString("username"), sessionId, key,
                    Duration.ofSeconds(answer.optionalInt("keepaliveIntervalSeconds", 10, 1, 3600)),
                    answer.requireInt("udpPort", 1, 65535),
                    answer.optionalString("resumeToken").orElse(null),
                    answer.optionalString("address").orElse(""),
                    rooms(answer));
        } catch (InvalidFieldException e) {
            throw new RegistryException("the registry's login answer is unusable: " + e.getMessage());
        }
    }

    private static Optional<List<String>> rooms(Frame answer) {
        JsonValue field = answer.json().get("rooms");
        if (field == null) {
            return Optional.empty();
        }
        if (!(field instanceof JsonArray array)) {
            throw new InvalidFieldException("rooms must be a list of room names");
        }
        List<String> names = new ArrayList<>(array.size());
        for (JsonValue v : array) {
            if (!(v instanceof JsonString name)) {
                throw new InvalidFieldException("rooms must be a list of room names");
            }
            names.add(name.getString());
        }
        return Optional.of(List.copyOf(names));
    }

    /** Accepts both base64 alphabets, padded or not, so either encoding of either field works. */
    private static byte[] decode(String text, String field) {
        try {
            return Base64.getDecoder().decode(text.replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field + " is not base64");
        }
    }

    @Override
    public String toString() {
        // Never print the secrets, not even in a debug trace.
        return "SessionGrant[" + username + ", keepalive every " + keepaliveInterval.toSeconds() + " s to udp "
                + udpPort + "]";
    }
}
