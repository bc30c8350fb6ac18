package dev.parley.client.registry;

import java.util.Locale;
import java.util.regex.Pattern;

/** Where the registry listens: a host name or address and a TCP port, written {@code host:port}. */
public record RegistryAddress(String host, int port) {
    public static final int DEFAULT_PORT = 15600;
    /** A host name (internationalised ones included) or an IPv4 address. */
    private static final Pattern HOST_NAME = Pattern.compile("[\\p{L}\\p{M}\\p{N}._-]+");
    /** An IPv6 address, with its zone if it has one ({@code fe80::1%eth0}). */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[0-9A-Za-z_.-]+)?");

    public RegistryAddress {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host");
        }
        // Anything else (a stray ']', a space, a slash) would print as an address that reads back differently.
        if (!(host.indexOf(':') >= 0 ? IPV6 : HOST_NAME).matcher(host).matches()) {
            throw new IllegalArgumentException("'" + host + "' is not a host name or an IP address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
    }

    /**
     * Reads {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port} or a bare IPv6
     * address; the port defaults to 15600.
     *
     * @throws IllegalArgumentException with a reason a person can act on
     */
    public static RegistryAddress parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("a registry address is HOST or HOST:PORT, got nothing");
        }
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + s + "' opens '[' for an IPv6 address but never closes it");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected ':PORT' after ']' in '" + s + "'");
                }
                port = rest.substring(1);
            }
        } else if (s.indexOf(':') != s.lastIndexOf(':')) {
            host = s; // a bare IPv6 address: its colons are not a port separator
        } else {
            int colon = s.indexOf(':');
            host = colon < 0 ? s : s.substring(0, colon);
            port = colon < 0 ? null : s.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + s + "' has no host name");
        }
        return new RegistryAddress(host.toLowerCase(Locale.ROOT), port == null ? DEFAULT_PORT : parsePort(port));
    }

    private static int parsePort(String port) {
        if (!port.isEmpty() && port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int p = Integer.parseInt(port);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        }
        throw new IllegalArgumentException("the registry port must be a number from 1 to 65535, got '" + port + "'");
    }

    /** {@code host:port}, with brackets around an IPv6 address; also the key in {@code known_registries}. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
