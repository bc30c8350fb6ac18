package dev.parley.client.render;

import dev.parley.client.registry.OnlineUser;
import dev.parley.client.registry.RegistryAddress;
import dev.parley.client.registry.SessionInfo;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The words of every line the client prints. Plain mode prints them exactly as written here, and
 * scripts and system tests match them, so change them only on purpose.
 */
public final class Replies {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Replies() {
    }

    public static String registered(String user) {
        return "registered " + user;
    }

    public static String loggedIn(String user) {
        return "logged in as " + user;
    }

    public static String loggedOut() {
        return "logged out";
    }

    public static String isOnline(String user, String address, int port) {
        return user + " is online at " + endpoint(address, port);
    }

    public static String isOffline(String user) {
        return user + " is offline";
    }

    public static String noSuchUser(String user) {
        return "no user named " + user;
    }

    public static String nobodyElseOnline() {
        return "nobody else is online";
    }

    /** Short form of /online: {@code online: alice, bob}. */
    public static String onlineNames(List<String> users) {
        return "online: " + String.join(", ", users);
    }

    /** Long form of /online: a count line, then one indented {@code name address:port} line per user. */
    public static String onlineDetails(List<OnlineUser> users) {
        StringBuilder b = new StringBuilder("online (").append(users.size()).append("):");
        for (OnlineUser u : users) {
            b.append('\n').append("  ").append(u.username()).append(' ').append(endpoint(u.address(), u.peerPort()));
        }
        return b.toString();
    }

    /** {@code you are alice (127.0.0.1:40211, since 17:02)}; the date is added when it is not today. */
    public static String whoami(SessionInfo info, ZoneId zone, LocalDate today) {
        StringBuilder b = new StringBuilder("you are ").append(info.username())
                .append(" (").append(endpoint(info.address(), info.peerPort()));
        if (info.since() != null) {
            ZonedDateTime since = info.since().atZone(zone);
            b.append(", since ").append((since.toLocalDate().equals(today) ? TIME : DATE_TIME).format(since));
        }
        return b.append(')').toString();
    }

    public static String pinned(RegistryAddress registry, String fingerprint) {
        return "pinned registry " + registry + ", certificate SHA-256 " + fingerprint;
    }

    public static String registryClosedLink(String reason) {
        return "the registry closed the link: " + reason;
    }

    public static String lostRegistry() {
        return "lost the registry — reconnecting…";
    }

    public static String reconnected() {
        return "reconnected";
    }

    public static String error(String reason) {
        return "error: " + reason;
    }

    public static String unknownCommand(String name) {
        return "unknown command /" + name + " — type /help";
    }

    public static String notInConversation() {
        return "not in a conversation — /help lists commands";
    }

    /** A command's arguments were wrong: the reason, then how to call it. */
    public static String usageProblem(String reason, String synopsis) {
        return reason + " — usage: " + synopsis;
    }

    public static String askUsername() {
        return "username:";
    }

    public static String askPassword(String user) {
        return "password for " + user + ":";
    }

    public static String askPasswordAgain() {
        return "repeat the password:";
    }

    /** {@code address:port}, with brackets around an IPv6 address. */
    public static String endpoint(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
