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
}
