package dev.parley.client.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RegistryAddressTest {

    @Test
    void aHostAloneUsesTheDefaultPort() {
        assertEquals(new RegistryAddress("localhost", 15600), RegistryAddress.parse("localhost"));
    }

    @Test
    void hostAndPortAreRead() {
        RegistryAddress a = RegistryAddress.parse("Registry.Example.org:4000");
        assertEquals(new RegistryAddress("registry.example.org", 4000), a);
        assertEquals("registry.example.org:4000", a.toString());
    }

    @Test
    void ipv6AddressesAreWrittenInBrackets() {
        assertEquals(new RegistryAddress("::1", 15601), RegistryAddress.parse("[::1]:15601"));
        assertEquals(new RegistryAddress("::1", 15600), RegistryAddress.parse("[::1]"));
        assertEquals(new RegistryAddress("fe80::1", 15600), RegistryAddress.parse("fe80::1"));
        assertEquals("[::1]:15601", RegistryAddress.parse("[::1]:15601").toString());
    }

    @Test
    void aPortOutsideTheRangeIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegistryAddress.parse("localhost:65536"));
        assertEquals("the registry port must be a number from 1 to 65535, got '65536'", e.getMessage());
    }

    @Test
    void anEmptyAddressIsRefused() {
        assertEquals("a registry address is HOST or HOST:PORT, got nothing",
                assertThrows(IllegalArgumentException.class, () -> RegistryAddress.parse(" ")).getMessage());
        assertEquals("':15600' has no host name",
                assertThrows(IllegalArgumentException.class, () -> RegistryAddress.parse(":15600")).getMessage());
    }

    @Test
    void aHostThatIsNeitherANameNorAnAddressIsRefused() {
        // Found by RegistryAddressFuzzTest: a "bare IPv6 address" that was not one printed as [bb]…]:15600.
        assertEquals("'bb]x:y:z' is not a host name or an IP address",
                assertThrows(IllegalArgumentException.class, () -> RegistryAddress.parse("bb]x:y:z")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> RegistryAddress.parse("reg istry:15600"));
        assertThrows(IllegalArgumentException.class, () -> RegistryAddress.parse("registry/x"));
        assertEquals(new RegistryAddress("fe80::1%eth0", 15600), RegistryAddress.parse("[fe80::1%eth0]"));
        assertEquals(new RegistryAddress("bücher.example", 15600), RegistryAddress.parse("Bücher.example"));
    }
}
