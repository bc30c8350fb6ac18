package dev.parley.client.registry;

import static dev.parley.client.testing.FakeRegistry.IGNORE;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.testing.FakeRegistry;
import dev.parley.client.testing.RecordingObserver;
import dev.parley.client.testing.TestCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust on first use against a real TLS registry with a certificate made for the test. */
class CertificatePinningTest {
    @TempDir
    Path home;

    private final RecordingObserver observer = new RecordingObserver();

    private RegistryConnector connector(FakeRegistry registry) {
        return new RegistryConnector(registry.address(), new KnownRegistries(home.resolve("known_registries")),
                observer, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }


    @Test
    void theFirstConnectionPinsTheCertificateAndSaysSo() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start(); RegistryLink link = connector(registry).connect(IGNORE)) {
            String fingerprint = registry.certificate().fingerprint();
            assertEquals(List.of(registry.address() + " " + fingerprint),
                    Files.readAllLines(home.resolve("known_registries")));
            assertEquals("pinned " + registry.address() + " " + fingerprint, observer.next());
            assertTrue(fingerprint.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), fingerprint);
            assertTrue(link.isOpen());
        }
    }

    @Test
    void thePinnedCertificateIsAcceptedSilentlyLater() throws Exception {
        try (FakeRegistry registry = FakeRegistry.start()) {
            connector(registry).connect(IGNORE).close();
            observer.next();
            try (RegistryLink again = connector(registry).connect(IGNORE)) {
                assertTrue(again.isOpen());
            }
            assertTrue(observer.isEmpty(), "a known certificate must not be announced again");
            assertEquals(1, Files.readAllLines(home.resolve("known_registries")).size());
        }
    }

    @Test
    void aChangedCertificateIsRefusedNamingBothFingerprintsAndTheFix() throws Exception {
        TestCertificate old = TestCertificate.generate("old-registry");
        try (FakeRegistry registry = FakeRegistry.start()) {
            Path known = home.resolve("known_registries");
            String pinLine = registry.address() + " " + old.fingerprint();
            Files.writeString(known, "# pinned by hand\n" + pinLine + "\n");

            CertificateChangedException e = assertThrows(CertificateChangedException.class,
                    () -> connector(registry).connect(IGNORE));

            String presented = registry.certificate().fingerprint();
            assertEquals(old.fingerprint(), e.pinned());
            assertEquals(presented, e.presented());
            assertEquals(List.of(
                    "the registry at " + registry.address() + " presented a DIFFERENT certificate than the one pinned"
                            + " — refusing to connect",
                    "  pinned:    SHA-256 " + old.fingerprint(),
                    "  presented: SHA-256 " + presented,
                    "  Someone may be intercepting the connection, or the registry's operator replaced its certificate.",
                    "  If you are sure it was replaced, remove the line for " + registry.address() + " from " + known
                            + " and connect again."), e.getMessage().lines().toList());
            assertEquals("# pinned by hand\n" + pinLine + "\n", Files.readString(known), "the pin must stay as it was");
            assertTrue(registry.requests.isEmpty(), "not one frame may go to a registry that failed the pin");
            assertTrue(observer.isEmpty());
        }
    }

    @Test
    void aPinForAnotherPortDoesNotApply() throws Exception {
        TestCertificate other = TestCertificate.generate("other");
        try (FakeRegistry registry = FakeRegistry.start()) {
            Files.writeString(home.resolve("known_registries"), "127.0.0.1:1 " + other.fingerprint() + "\n");
            connector(registry).connect(IGNORE).close();
            assertEquals("pinned " + registry.address() + " " + registry.certificate().fingerprint(), observer.next());
        }
    }
}
