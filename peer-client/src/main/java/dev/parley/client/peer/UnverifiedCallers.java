package dev.parley.client.peer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The callers on the peer port that have not yet proved who they are (TLS handshake and HELLO),
 * so that idle or stalling connections from one place cannot use up the port. From one address at
 * most {@link #GREETING_PER_ADDRESS} are being greeted at once (each with a thread and a TLS
 * handshake); a few more wait their turn in line, holding only their socket, because the members of
 * a room on one computer or behind one NAT all connect at the same moment; beyond
 * {@link #PER_ADDRESS} from one address, or {@link #IN_ALL} in all, a caller is turned away at once.
 * Also decides when the user hears that an address is flooding the port: once per address per
 * {@link #REPEAT_NOTICE}, and no more than one notice per {@link #NOTICE_SPACING} in all.
 *
 * @param <T> what stands for one caller waiting in line
 */
final class UnverifiedCallers<T> {
    /** A real client opens one link to us at a time; a few at once leave room for users behind one NAT. */
    static final int GREETING_PER_ADDRESS = 8;
    /** Greeted and waiting together, from one address: a 50-member room on one computer all connecting at once. */
    static final int PER_ADDRESS = 64;
    /** From all addresses together; each holds a socket until its greeting deadline at the latest. */
    static final int IN_ALL = 256;
    static final Duration REPEAT_NOTICE = Duration.ofMinutes(10);
    static final Duration NOTICE_SPACING = Duration.ofSeconds(10);
    /** The addresses remembered for notices; beyond this the oldest are forgotten (the notice may then repeat). */
    private static final int REMEMBERED = 256;

    /** What happened to a caller at the door. */
    enum Admission {
        /** It may try to prove who it is now. */
        GREET,
        /** It waits in line; {@link #finished} hands it out when one from its address is done. */
        WAIT,
        /** Turned away; the user need not hear about it (again). */
        REFUSED,
        /** Turned away, and the user should be told that this address floods the port. */
        REFUSED_NOTIFY
    }

    /** The callers from one address. */
    private final class From {
        int greeting;
        final ArrayDeque<T> waiting = new ArrayDeque<>();

        int held() {
            return greeting + waiting.size();
        }
    }

    private final LongSupplier nanos;
    private final Map<String, From> byAddress = new HashMap<>();
    private final Map<String, Long> noticed = new HashMap<>();
    private int total;
    private long lastNotice;
    private boolean anyNotice;

    UnverifiedCallers() {
        this(System::nanoTime);
    }

    UnverifiedCallers(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /**
     * Counts a new caller from {@code address} if the caps allow. A caller told to {@link Admission#GREET}
     * is {@link #finished} once; one told to {@link Admission#WAIT} is either handed out by
     * {@code finished} (and is then greeted like the others) or {@link #withdraw withdrawn}.
     */
    synchronized Admission admit(String address, T caller) {
        From from = byAddress.get(address);
        if ((from != null && from.held() >= PER_ADDRESS) || total >= IN_ALL) {
            return shouldNotify(address) ? Admission.REFUSED_NOTIFY : Admission.REFUSED;
        }
        if (from == null) {
            from = new From();
            byAddress.put(address, from);
        }
        total++;
        if (from.greeting < GREETING_PER_ADDRESS) {
            from.greeting++;
            return Admission.GREET;
        }
        from.waiting.add(caller);
        return Admission.WAIT;
    }

    /**
     * A caller from {@code address} that was being greeted proved who it is, failed, or ran out of
     * time. Returns the next caller waiting from that address, now counted as being greeted, or null.
     */
    synchronized T finished(String address) {
        From from = byAddress.get(address);
        if (from == null || from.greeting == 0) {
            return null;
        }
        from.greeting--;
        total--;
        T next = from.waiting.poll();
        if (next != null) {
            from.greeting++; // it moves from the line to being greeted; the total counted it already
        }
        forgetIfEmpty(address, from);
        return next;
    }

    /** A waiting caller ran out of time; true if it was still in line (and so is no longer counted). */
    synchronized boolean withdraw(String address, T caller) {
        From from = byAddress.get(address);
        if (from == null || !from.waiting.removeIf(waiting -> waiting == caller)) {
            return false;
        }
        total--;
        forgetIfEmpty(address, from);
        return true;
    }

    /** How many callers are being greeted or waiting now. */
    synchronized int count() {
        return total;
    }

    private void forgetIfEmpty(String address, From from) {
        if (from.held() == 0) {
            byAddress.remove(address);
        }
    }

    private boolean shouldNotify(String address) {
        long now = nanos.getAsLong();
        if (anyNotice && now - lastNotice < NOTICE_SPACING.toNanos()) {
            return false;
        }
        Long before = noticed.get(address);
        if (before != null && now - before < REPEAT_NOTICE.toNanos()) {
            return false;
        }
        if (noticed.size() >= REMEMBERED) {
            noticed.values().removeIf(at -> now - at >= REPEAT_NOTICE.toNanos());
            if (noticed.size() >= REMEMBERED) {
                noticed.clear();
            }
        }
        noticed.put(address, now);
        lastNotice = now;
        anyNotice = true;
        return true;
    }
}
