package dev.parley.client.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.client.registry.KnownRegistries;
import dev.parley.client.registry.RegistryAddress;
import dev.parley.client.testing.FuzzFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pin files of the client's home, {@code known_peers} and {@code known_registries}, of any
 * bytes (edited by hand, copied from another computer, cut short): a look-up finds a key or
 * nothing, or fails with an I/O error the caller reports.
 * Saved inputs under {@code src/test/resources/.../PinFileFuzzTestInputs} replay in every
 * normal test run; {@code ./mvnw -Pfuzz test} explores (README, "Fuzzing").
 */
class PinFileFuzzTest {
    private static final Path HOME = FuzzFolder.create();

    @FuzzTest(maxDuration = "30s")
    void pinFiles(FuzzedDataProvider data) throws IOException {
        String name = data.consumeString(40);
        String host = data.consumeAsciiString(30);
        byte[] content = data.consumeRemainingAsBytes();
        Path peers = HOME.resolve("known_peers");
        Path registries = HOME.resolve("known_registries");
        Files.write(peers, content);
        Files.write(registries, content);
        try {
            new KnownPeers(peers).pinned(name).ifPresent(key -> assertFalse(key.isBlank()));
        } catch (IOException unreadable) {
            assertNotNull(unreadable.getMessage());
        }
        RegistryAddress registry;
        try {
            registry = RegistryAddress.parse(host);
        } catch (IllegalArgumentException notAnAddress) {
            return;
        }
        try {
            new KnownRegistries(registries).pinnedFingerprint(registry).ifPresent(f -> assertFalse(f.isBlank()));
        } catch (IOException unreadable) {
            assertNotNull(unreadable.getMessage());
        }
    }
}
