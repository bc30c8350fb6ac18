package dev.parley.registry.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistrySettingsTest {

    private static SettingsReader reader(Map<String, String> values) {
        return new SettingsReader(name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void nothingSetGivesTheDocumentedDefaults() {
        RegistrySettings s = RegistrySettings.defaults();
        assertEquals("0.0.0.0", s.bindAddress());
        assertEquals(15600, s.registryPort());
        assertEquals(15500, s.keepalivePort());
        assertEquals(Duration.ofSeconds(30), s.sessionTimeout());
        assertEquals(20_000, s.maxLinks());
        assertEquals(Duration.ofDays(30), s.mailExpiry());
    }

    @Test
    void givenValuesAreTakenTrimmedAndListedForTheLogWithoutThePassword() {
        SettingsReader r = reader(Map.of("parley.bind", " 127.0.0.1 ", "parley.keepalive.interval-seconds", "3",
                "parley.tls.keystore-password", "hunter2", "parley.web.origins", ""));
        RegistrySettings s = RegistrySettings.read(r);
        assertEquals("127.0.0.1", s.bindAddress());
        assertEquals(Duration.ofSeconds(9), s.sessionTimeout());
        assertEquals("hunter2", s.keyStorePassword());
        assertEquals(List.of("parley.bind=127.0.0.1", "parley.keepalive.interval-seconds=3",
                "parley.tls.keystore-password=(set)"), r.given(), "a blank value is no value");
    }

    @Test
    void everyBadValueIsNamedOnItsOwnLineWithItsEnvironmentVariable() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> RegistrySettings.read(
                reader(Map.of("parley.keepalive.interval-seconds", "soon", "parley.gateway.max-links", "0",
                        "parley.registry.port", "99999", "parley.mail.quota-mib", "12"))));
        assertEquals(List.of(
                "parley.registry.port (PARLEY_REGISTRY_PORT) must be from 0 to 65535, not 99999",
                "parley.keepalive.interval-seconds (PARLEY_KEEPALIVE_INTERVAL_SECONDS) must be a whole number from 1 to 3600, not 'soon'",
                "parley.gateway.max-links (PARLEY_GATEWAY_MAX_LINKS) must be from 1 to 1000000, not 0"), e.problems());
        assertEquals(3, e.getMessage().split("; ").length, e.getMessage());
    }

    @Test
    void environmentNamesFollowMicroProfileConfig() {
        assertEquals("PARLEY_GATEWAY_REQUESTS_PER_SECOND", SettingsReader.environmentName("parley.gateway.requests-per-second"));
        assertEquals("PARLEY_BIND", SettingsReader.environmentName("parley.bind"));
    }
}
