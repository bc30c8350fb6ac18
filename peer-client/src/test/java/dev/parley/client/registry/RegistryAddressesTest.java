package dev.parley.client.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --registry} and {@code PARLEY_REGISTRY}: one address, or the nodes of a registry cluster separated by commas. */
class RegistryAddressesTest {

    private static String refusal(String text) {
        return assertThrows(IllegalArgumentException.class, () -> RegistryAddresses.parse(text)).getMessage();
    }

    @Test
    void oneAddressIsReadAsItAlwaysWas() {
        RegistryAddresses one = RegistryAddresses.parse("Registry.Example.org");
        assertEquals(List.of(new RegistryAddress("registry.example.org", 15600)), one.all());
        assertEquals("registry.example.org:15600", one.toString());
    }

    @Test
    void severalAddressesAreReadInOrderWithSpacesAroundTheCommasAndTheDefaultPort() {
        RegistryAddresses cluster = RegistryAddresses.parse(" 10.0.0.5:15600 ,10.0.0.6 , registry-3.example:15700 ");
        assertEquals(List.of(new RegistryAddress("10.0.0.5", 15600), new RegistryAddress("10.0.0.6", 15600),
                new RegistryAddress("registry-3.example", 15700)), cluster.all());
        assertEquals("10.0.0.5:15600,10.0.0.6:15600,registry-3.example:15700", cluster.toString());
        assertEquals(cluster, RegistryAddresses.parse(cluster.toString()));
    }

    @Test
    void ipv6AddressesInBracketsOrBareFitInTheList() {
        RegistryAddresses cluster = RegistryAddresses.parse("[::1]:15601, [fe80::1%eth0], 2001:db8::7");
        assertEquals(List.of(new RegistryAddress("::1", 15601), new RegistryAddress("fe80::1%eth0", 15600),
                new RegistryAddress("2001:db8::7", 15600)), cluster.all());
        assertEquals("[::1]:15601,[fe80::1%eth0]:15600,[2001:db8::7]:15600", cluster.toString());
    }

    @Test
    void anAddressNamedTwiceCountsOnce() {
        RegistryAddresses cluster = RegistryAddresses.parse("a.example, A.example:15600, b.example, a.example:15601");
        assertEquals(List.of(new RegistryAddress("a.example", 15600), new RegistryAddress("b.example", 15600),
                new RegistryAddress("a.example", 15601)), cluster.all());
    }

    @Test
    void aBadAddressInTheListIsNamedWithItsReason() {
        assertEquals("'b.example:http' in the registry list: the registry port must be a number from 1 to 65535,"
                + " got 'http'", refusal("a.example:15600, b.example:http"));
        assertEquals("'[::1' in the registry list: '[::1' opens '[' for an IPv6 address but never closes it",
                refusal("a.example,[::1"));
    }

    @Test
    void aBadSingleAddressSaysWhatItAlwaysSaid() {
        assertEquals("the registry port must be a number from 1 to 65535, got 'http'", refusal("b.example:http"));
        assertEquals("a registry address is HOST or HOST:PORT, got nothing", refusal("  "));
        assertEquals("a registry address is HOST or HOST:PORT, got nothing", refusal(null));
    }

    @Test
    void anEmptyEntryIsRefusedNamingTheList() {
        assertEquals("the registry list 'a.example,,b.example' has an empty entry (separate the addresses with single"
                + " commas)", refusal("a.example,,b.example"));
        assertEquals("the registry list 'a.example,' has an empty entry (separate the addresses with single commas)",
                refusal("a.example, "));
        assertEquals("the registry list ',' has an empty entry (separate the addresses with single commas)", refusal(","));
    }
}
