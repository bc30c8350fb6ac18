package dev.parley.client.registry;

import static dev.parley.client.testing.FakeRegistry.IGNORE;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.client.testing.FakeRegistry;
import dev.parley.client.testing.RecordingObserver;
import dev.parley.client.testing.TestCertificate;
import dev.parley.protocol.registry.RegistryRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The addresses of one {@code --registry} list are one registry with one certificate: an address
 * met for the first time must present the certificate pinned for another address of the list.
 */
class ClusterPinningTest {
    @TempDir
    Path home;

    private final RecordingObserver observer = new RecordingObserver();
    private final TestCertificate clusterCertificate = TestCertificate.generate("registry-cluster");


    private Path known() {
        return home.resolve("known_registries");
    }

    private RegistryConnector connector(RegistryAddress... addresses) {
        return new RegistryConnector(RegistryAddresses.of(addresses), new KnownRegistries(known()), observer,
                Duration.ofSeconds(2), Duration.ofSeconds(5));
    }


    @Test
    void aNewNodePresentingTheCertificatePinnedForAnotherAddressIsTrustedAndPinnedQuietly() throws Exception {
        RegistryAddress pinnedNode = FakeRegistry.nobodyListening();
        String pinLine = pinnedNode + " " + clusterCertificate.fingerprint();
        Files.writeString(known(), pinLine + "\n");
        try (FakeRegistry newNode = FakeRegistry.start(clusterCertificate);
                RegistryLink link = connector(pinnedNode, newNode.address()).connect(IGNORE)) {
            assertTrue(link.isOpen());
            newNode.nextRequest(RegistryRequest.Hello.class);
            assertEquals(List.of(pinLine, newNode.address() + " " + clusterCertificate.fingerprint()),
                    Files.readAllLines(known()));
            assertTrue(observer.isEmpty(), "nothing new for the user to check: the registry's certificate is known");
        }
    }

    @Test
    void aNewNodePresentingAnotherCertificateIsRefusedAndNothingIsPinned() throws Exception {
        RegistryAddress pinnedNode = FakeRegistry.nobodyListening();
        String pinLine = pinnedNode + " " + clusterCertificate.fingerprint();
        Files.writeString(known(), pinLine + "\n");
        TestCertificate stranger = TestCertificate.generate("another registry");
        try (FakeRegistry other = FakeRegistry.start(stranger)) {
            RegistryAddress node = other.address();

            CertificateChangedException e = assertThrows(CertificateChangedException.class,
                    () -> connector(pinnedNode, node).connect(IGNORE));

            assertEquals(clusterCertificate.fingerprint(), e.pinned());
            assertEquals(stranger.fingerprint(), e.presented());
            assertEquals(List.of(
                    "the registry node at " + node + " presents a DIFFERENT certificate than the one pinned for "
                            + pinnedNode + " of the same registry — refusing to connect",
                    "  pinned:    SHA-256 " + clusterCertificate.fingerprint() + " (" + pinnedNode + ")",
                    "  presented: SHA-256 " + stranger.fingerprint() + " (" + node + ")",
                    "  All addresses given with --registry must be nodes of one registry with one certificate.",
                    "  If " + node + " is another registry, take it out of --registry; if the operator gave every node"
                            + " a new certificate, remove the lines for " + pinnedNode + " and its other nodes from "
                            + known() + " and connect again."), e.getMessage().lines().toList());
            assertEquals(List.of(pinLine), Files.readAllLines(known()), "nothing pinned for the stranger");
            assertTrue(other.requests.isEmpty(), "not one frame to a node that failed the pin");
            assertTrue(observer.isEmpty());
        }
    }

    @Test
    void addressesWithPinsOfTheirOwnKeepThemEvenWhenThePinsDiffer() throws Exception {
        RegistryAddress first = FakeRegistry.nobodyListening();
        TestCertificate firstCertificate = TestCertificate.generate("pinned before the list form");
        try (FakeRegistry second = FakeRegistry.start(clusterCertificate)) {
            String file = first + " " + firstCertificate.fingerprint() + "\n"
                    + second.address() + " " + clusterCertificate.fingerprint() + "\n";
            Files.writeString(known(), file);

            try (RegistryLink link = connector(first, second.address()).connect(IGNORE)) {
                assertEquals(second.address(), link.registry());
            }
            assertEquals(file, Files.readString(known()));
            assertTrue(observer.isEmpty());
        }
    }

    @Test
    void aRegistryMetForTheFirstTimeIsPinnedAtTheAddressThatAnswered() throws Exception {
        RegistryAddress first = FakeRegistry.nobodyListening();
        try (FakeRegistry second = FakeRegistry.start(clusterCertificate)) {
            connector(first, second.address()).connect(IGNORE).close();

            assertEquals("pinned " + second.address() + " " + clusterCertificate.fingerprint(), observer.next());
            assertEquals(List.of(second.address() + " " + clusterCertificate.fingerprint()), Files.readAllLines(known()));
        }
    }

    @Test
    void aPinOfAnAddressOutsideTheListDoesNotCount() throws Exception {
        TestCertificate elsewhere = TestCertificate.generate("a registry not in the list");
        Files.writeString(known(), "127.0.0.1:1 " + elsewhere.fingerprint() + "\n");
        try (FakeRegistry node = FakeRegistry.start(clusterCertificate)) {
            connector(FakeRegistry.nobodyListening(), node.address()).connect(IGNORE).close();
            assertEquals("pinned " + node.address() + " " + clusterCertificate.fingerprint(), observer.next());
        }
    }
}
