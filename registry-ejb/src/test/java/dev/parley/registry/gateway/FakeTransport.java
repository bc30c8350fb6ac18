package dev.parley.registry.gateway;

import dev.parley.protocol.Frame;
import java.util.ArrayList;
import java.util.List;

/** A transport without a socket: keeps what the link sends and how it was closed, so the link's rules can be tried alone. */
final class FakeTransport implements LinkTransport {
    final List<Frame> sent = new ArrayList<>();
    boolean opened = true;
    boolean closedWhenSent;
    int resets;
    long receivingSince;
    long sendingSince;

    @Override
    public String address() {
        return "192.0.2.7";
    }

    @Override
    public boolean offer(Frame frame) {
        return sent.add(frame);
    }

    @Override
    public void closeWhenSent() {
        closedWhenSent = true;
    }

    @Override
    public void reset() {
        resets++;
    }

    @Override
    public boolean opened() {
        return opened;
    }

    @Override
    public long receivingSince() {
        return receivingSince;
    }

    @Override
    public long sendingSince() {
        return sendingSince;
    }

    Frame last() {
        return sent.getLast();
    }
}
