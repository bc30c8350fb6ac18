package dev.parley.client.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;

/** A registry link asks the system to probe a silent registry node soon, not after its two-hour default. */
class SilentNodeProbeTest {

    @Test
    void aLinkToTheRegistryIsProbedWithinNineteenSecondsOfSilence() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket tcp = new Socket(server.getInetAddress(), server.getLocalPort())) {
            assertTrue(tcp.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE),
                    "Linux lets a program set its TCP keepalive timing");

            NodeConnector.probeWhenSilent(tcp);

            assertTrue(tcp.getKeepAlive());
            int idle = tcp.getOption(ExtendedSocketOptions.TCP_KEEPIDLE);
            int every = tcp.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL);
            int probes = tcp.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT);
            assertEquals(10, idle);
            assertEquals(19, idle + every * probes, "a vanished node is given up within 19 s");
        }
    }
}
