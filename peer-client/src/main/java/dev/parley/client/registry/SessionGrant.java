package dev.parley.client.registry;

import dev.parley.protocol.Frame;
import dev.parley.protocol.InvalidFieldException;
import dev.parley.protocol.Keepalive;
import dev.parley.protocol.registry.RegistryAnswer.LoginAnswer;
import java.time.Duration;
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
    static SessionGrant from(Frame frame) throws RegistryException {
        try {
            LoginAnswer answer = frame.as(LoginAnswer.class);
            byte[] sessionId = decode(answer.sessionId(), "the session id");
            if (sessionId.length != Keepalive.SESSION_ID_BYTES) {
                throw new InvalidFieldException("the session id has " + sessionId.length + " bytes, not "
                        + Keepalive.SESSION_ID_BYTES);
            }
            byte[] key = decode(answer.keepaliveKey(), "the keepalive key");
            if (key.length == 0) {
                throw new InvalidFieldException("the keepalive key is empty");
            }
            // Bounds the record leaves to the reader: a keepalive sender needs a sane beat and a real port.
            if (answer.keepaliveIntervalSeconds() < 1 || answer.keepaliveIntervalSeconds() > 3600) {
                throw new InvalidFieldException("the keepalive interval must be 1 to 3600 s");
            }
            if (answer.udpPort() < 1 || answer.udpPort() > 65535) {
                throw new InvalidFieldException("the UDP port must be 1 to 65535");
            }
            return new SessionGrant(answer.username(), sessionId, key,
                    Duration.ofSeconds(answer.keepaliveIntervalSeconds()), answer.udpPort(), answer.resumeToken(),
                    answer.address(), Optional.ofNullable(answer.rooms()).map(List::copyOf));
        } catch (InvalidFieldException e) {
            throw new RegistryException("the registry's login answer is unusable: " + e.getMessage());
        }
    }

    /** Accepts both base64 alphabets, padded or not, so either encoding of either field works. */
    private static byte[] decode(String text, String what) {
        try {
            return Base64.getDecoder().decode(text.replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(what + " is not base64");
        }
    }

    @Override
    public String toString() {
        // Never print the secrets, not even in a debug trace.
        return "SessionGrant[" + username + ", keepalive every " + keepaliveInterval.toSeconds() + " s to udp "
                + udpPort + "]";
    }
}
