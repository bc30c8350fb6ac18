package dev.parley.registry.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.Limits;
import dev.parley.protocol.registry.RegistryAnswer.WatchAnswer;
import dev.parley.protocol.registry.RegistryRequest;
import dev.parley.protocol.registry.RegistryRequest.Watch;
import dev.parley.protocol.Status;
import dev.parley.registry.presence.PresenceService;
import dev.parley.registry.presence.Session;
import dev.parley.registry.presence.TestSessions;
import dev.parley.registry.presence.Watching;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The longest WATCH list fits one request frame, and its answer with every name online fits one answer. */
class WatchSizeTest {
    private static final String ADDRESS = "0000:0000:0000:0000:0000:ffff:255.255.255.255";
    private static final String ID = "r".repeat(Limits.MAX_REQUEST_ID_LENGTH);

    @Test
    void theLongestListAndItsAnswerFit() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Limits.MAX_WATCHED_USERS; i++) {
            names.add(String.format("user-%027d", i));
        }
        Frame request = Frame.request(ID, new Watch(names));
        int requestBytes = FrameCodec.encode(request, Limits.MAX_FRAME_BYTES).length;

        // Read back as the registry reads it, then answered.
        Watch read = (Watch) RegistryRequest.CATALOG.read(FrameCodec.decode(FrameCodec.encode(request, Limits.MAX_FRAME_BYTES)));
        Frame answer = endpointWithEveryoneOnline().watch("s", ID, read);
        int answerBytes = FrameCodec.encode(answer, Limits.MAX_ANSWER_BYTES).length;

        assertTrue(requestBytes < Limits.MAX_FRAME_BYTES * 3 / 4, "request with room to spare: " + requestBytes);
        assertEquals(Status.OK, answer.status());
        assertEquals(Limits.MAX_WATCHED_USERS, answer.as(WatchAnswer.class).online().size());
        assertTrue(answerBytes < Limits.MAX_ANSWER_BYTES * 3 / 4, "answer with room to spare: " + answerBytes);
    }

    private static PresenceEndpoint endpointWithEveryoneOnline() throws ReflectiveOperationException {
        PresenceService presence = new PresenceService() {
            @Override
            public Watching watch(String sessionId, List<String> names) {
                List<Session> online = names.stream().map(n -> TestSessions.online(n, null, ADDRESS, 65535)).toList();
                return new Watching(names.size(), online);
            }
        };
        PresenceEndpoint endpoint = new PresenceEndpoint();
        Field f = PresenceEndpoint.class.getDeclaredField("presence");
        f.setAccessible(true);
        f.set(endpoint, presence);
        return endpoint;
    }
}
