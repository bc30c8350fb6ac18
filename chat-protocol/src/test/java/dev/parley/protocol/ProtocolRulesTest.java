package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProtocolRulesTest {

    @Test
    void sameMajorVersionIsCompatible() {
        assertNull(ProtocolVersion.incompatibility("1.7"));
    }

    @Test
    void otherMajorVersionIsRefusedWithBothVersions() {
        assertEquals("protocol version 2.0 is not supported; this side speaks 1.0",
                ProtocolVersion.incompatibility("2.0"));
    }

    @Test
    void versionOfTheWrongShapeIsRefused() {
        assertEquals("protocol version must look like 'major.minor', got 'one'", ProtocolVersion.incompatibility("one"));
        assertEquals("protocol version must look like 'major.minor', got ''", ProtocolVersion.incompatibility(null));
    }

    @Test
    void usernamesFollowTheDocumentedRules() {
        assertTrue(Credentials.usernameProblem("alice").isEmpty());
        assertTrue(Credentials.usernameProblem("a.b_c-9").isEmpty());
        assertEquals("a username has 3 to 32 characters", Credentials.usernameProblem("al").orElseThrow());
        assertEquals("a username has 3 to 32 characters", Credentials.usernameProblem("a".repeat(33)).orElseThrow());
        assertTrue(Credentials.usernameProblem("-alice").isPresent());
        assertTrue(Credentials.usernameProblem("ali ce").isPresent());
        assertTrue(Credentials.usernameProblem("alice\u001b[31m").isPresent());
        assertEquals("a username is required", Credentials.usernameProblem("").orElseThrow());
    }

    @Test
    void passwordLengthIsCountedInCharactersNotBytes() {
        assertTrue(Credentials.passwordProblem("ééééééé").isPresent(), "7 characters is too short");
        assertTrue(Credentials.passwordProblem("éééééééé").isEmpty(), "8 characters is enough");
        assertTrue(Credentials.passwordProblem("x".repeat(128)).isEmpty());
        assertEquals("a password has 8 to 128 characters", Credentials.passwordProblem("x".repeat(129)).orElseThrow());
    }
}
