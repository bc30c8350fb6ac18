package dev.parley.client.registry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The addresses of one registry: a single one, or the nodes of a registry cluster that share one
 * database, one certificate and the sessions, written {@code host[:port],host[:port]…}. Their order
 * is the order of preference; an address named twice counts once.
 */
public record RegistryAddresses(List<RegistryAddress> all) {

    public RegistryAddresses {
        all = List.copyOf(new LinkedHashSet<>(all));
        if (all.isEmpty()) {
            throw new IllegalArgumentException("a registry needs at least one address");
        }
    }

    public static RegistryAddresses of(RegistryAddress... addresses) {
        return new RegistryAddresses(List.of(addresses));
    }

    /**
     * Reads one address as {@link RegistryAddress#parse} does, or several separated by commas
     * (spaces around them allowed). A single address fails with exactly the reason it always had;
     * in a list, the reason names the element at fault.
     *
     * @throws IllegalArgumentException with a reason a person can act on
     */
    public static RegistryAddresses parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.indexOf(',') < 0) {
            return of(RegistryAddress.parse(s));
        }
        List<RegistryAddress> addresses = new ArrayList<>();
        for (String element : s.split(",", -1)) {
            String e = element.strip();
            if (e.isEmpty()) {
                throw new IllegalArgumentException("the registry list '" + s + "' has an empty entry"
                        + " (separate the addresses with single commas)");
            }
            try {
                addresses.add(RegistryAddress.parse(e));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("'" + e + "' in the registry list: " + bad.getMessage(), bad);
            }
        }
        return new RegistryAddresses(addresses);
    }

    public int size() {
        return all.size();
    }

    public RegistryAddress get(int index) {
        return all.get(index);
    }

    /** The addresses as {@link #parse} reads them back: comma-separated, IPv6 in brackets. */
    @Override
    public String toString() {
        return all.stream().map(RegistryAddress::toString).collect(Collectors.joining(","));
    }
}
