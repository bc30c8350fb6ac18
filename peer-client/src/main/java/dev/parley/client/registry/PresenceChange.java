package dev.parley.client.registry;

import dev.parley.client.Diagnostics;
import dev.parley.protocol.Credentials;
import dev.parley.protocol.registry.RegistryEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A watched user came online or went offline (the registry's PRESENCE event, or the online part of
 * a WATCH answer). {@code user} is the name as registered; {@code address} is where their peer
 * listener is, when online and the registry said so.
 */
public record PresenceChange(String user, boolean online, Optional<InetSocketAddress> address) {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public PresenceChange {
        if (user == null || address == null) {
            throw new IllegalArgumentException("a presence change needs a user and an optional address");
        }
    }

    /**
     * A PRESENCE event as the user's client takes it. One whose {@code user} is not a username is
     * dropped (empty); an unusable address or port is left out. Either way the reason goes to the
     * debug trace only: a registry's bad field must not disturb the chat. (An event whose fields do
     * not read at all never gets here: the link drops it.)
     */
    static Optional<PresenceChange> fromEvent(RegistryEvent.Presence event) {
        String user = event.user();
        Optional<String> problem = Credentials.usernameProblem(user);
        if (problem.isPresent()) {
            Diagnostics.note("ignoring a PRESENCE event: user: " + problem.get());
            return Optional.empty();
        }
        boolean online = event.online();
        return Optional.of(new PresenceChange(user, online,
                online ? address(event.address(), event.peerPort(), user) : Optional.empty()));
    }

    /** Where an online user's peer listener is, if the registry gave an IP address and a port that are usable. */
    static Optional<InetSocketAddress> address(String address, Integer peerPort, String user) {
        try {
            if (address == null || peerPort == null) {
                throw new UnknownHostException("no address and port");
            }
            if (peerPort < 1 || peerPort > 65535) {
                throw new UnknownHostException("port " + peerPort + " is not 1 to 65535");
            }
            return Optional.of(new InetSocketAddress(ipLiteral(address), peerPort));
        } catch (UnknownHostException e) {
            Diagnostics.trace("ignoring where the registry says " + user + " is: " + e.getMessage(), e);
            return Optional.empty();
        }
    }

    /**
     * An IP address written out, never a host name: resolving a name the registry sent would put a
     * DNS look-up on the link's reader thread (and in anyone's logs).
     */
    private static InetAddress ipLiteral(String text) throws UnknownHostException {
        Matcher v4 = IPV4.matcher(text);
        if (v4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    throw new UnknownHostException("'" + text + "' is not an IP address");
                }
                bytes[i] = (byte) octet;
            }
            return InetAddress.getByAddress(bytes);
        }
        if (text.length() <= 45 && IPV6.matcher(text).matches()) {
            return InetAddress.getByName(text); // a ':' makes the JDK parse it as IPv6 or refuse, never look it up
        }
        throw new UnknownHostException("'" + text.substring(0, Math.min(text.length(), 60)) + "' is not an IP address");
    }
}
