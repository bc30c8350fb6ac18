package dev.parley.registry.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameCodec;
import dev.parley.protocol.Limits;
import dev.parley.protocol.RoomRules;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryAnswer.RoomAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomListAnswer;
import dev.parley.registry.presence.PresenceService;
import dev.parley.registry.presence.Session;
import dev.parley.registry.presence.TestSessions;
import dev.parley.registry.room.MemberView;
import dev.parley.registry.room.RoomRole;
import dev.parley.registry.room.RoomView;
import java.lang.reflect.Field;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The largest answers the registry makes fit the frame it may send, at the bounds the rules allow. */
class AnswerSizeTest {
    /** The longest address a member can have (IPv4-mapped IPv6) and the longest name. */
    private static final String ADDRESS = "0000:0000:0000:0000:0000:ffff:255.255.255.255";
    private static final String ID = "r".repeat(Limits.MAX_REQUEST_ID_LENGTH);
    /** 200 characters that take four bytes each in UTF-8. */
    private static final String LONGEST_DESCRIPTION = "\uD83D\uDE00".repeat(RoomRules.DESCRIPTION_MAX / 2);

    private final RoomFrames frames = framesWithEveryoneOnline();

    @Test
    void aFullRoomWithEveryMembersAddressAndKeyFitsOneAnswer() throws Exception {
        List<MemberView> members = new ArrayList<>();
        for (int i = 0; i < RoomRules.CAPACITY_MAX; i++) {
            members.add(new MemberView(name(i), i == 0 ? RoomRole.HOST : RoomRole.MEMBER, Instant.now(), null));
        }
        RoomView full = new RoomView(name(0), LONGEST_DESCRIPTION, RoomRules.CAPACITY_MAX, members.size(), name(0),
                true, false, members);

        Frame answer = Frame.answer(ID, Status.OK, "joined " + full.name(), RoomAnswer.of(frames.room(full)));
        int size = FrameCodec.encode(answer, Limits.MAX_ANSWER_BYTES).length;

        assertTrue(size > Limits.MAX_FRAME_BYTES, "the case the larger answer limit exists for: " + size);
        assertTrue(size < Limits.MAX_ANSWER_BYTES * 3 / 4, "with room to spare: " + size);
    }

    @Test
    void aPageOfRoomsIsCutToFitAndTheRestFollows() throws Exception {
        List<RoomView> rooms = new ArrayList<>();
        for (int i = 0; i < Limits.MAX_PAGE_SIZE; i++) {
            rooms.add(new RoomView(name(i), LONGEST_DESCRIPTION, RoomRules.CAPACITY_MAX, 1, name(i), true, false, List.of()));
        }

        RoomFrames.ListPage page = frames.listPage(rooms, false);
        Frame answer = Frame.answer(ID, Status.OK, "rooms 1 to " + page.count() + "; more follow",
                new RoomListAnswer(Integer.MAX_VALUE, Integer.MAX_VALUE, true, page.rooms()));
        RoomListAnswer sent = FrameCodec.decode(FrameCodec.encode(answer, Limits.MAX_ANSWER_BYTES)).as(RoomListAnswer.class);

        assertTrue(page.count() > 100 && page.count() < rooms.size(), "rooms in the page: " + page.count());
        assertEquals(page.count(), sent.rooms().size());
        assertEquals(name(page.count() - 1), sent.rooms().get(page.count() - 1).name());
    }

    @Test
    void aPageOfOrdinaryRoomsIsNotCut() {
        List<RoomView> rooms = List.of(
                new RoomView("lobby", "general chat", 50, 3, "alice", false, false, List.of()),
                new RoomView("quiet", null, 20, 1, "bob", true, false, List.of()));

        assertEquals(2, frames.listPage(rooms, true).count());
    }

    /** A 32-character name, different for each i. */
    private static String name(int i) {
        return String.format("user-%027d", i);
    }

    private static RoomFrames framesWithEveryoneOnline() {
        try {
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(256);
            String key = Base64.getEncoder().encodeToString(ec.generateKeyPair().getPublic().getEncoded());
            PresenceService presence = new PresenceService() {
                @Override
                public Optional<Session> online(String username) {
                    return Optional.of(TestSessions.online(username, key, ADDRESS, 65535));
                }
            };
            RoomFrames frames = new RoomFrames();
            Field f = RoomFrames.class.getDeclaredField("presence");
            f.setAccessible(true);
            f.set(frames, presence);
            return frames;
        } catch (ReflectiveOperationException | java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
