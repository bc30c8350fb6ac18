package dev.parley.client.registry;

import dev.parley.client.ClientException;
import dev.parley.protocol.registry.RegistryAnswer.RoomAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomListAnswer;
import java.util.List;

/**
 * Where rooms ask the registry: the registry session in the program, a fake in tests. One method
 * per room request; each returns the registry's answer when it is a success.
 *
 * @throws ClientException (every method) refused, with the registry's status and reason
 *     ({@link RegistryRefusedException}), unreachable, or an answer
 *     that does not read
 */
public interface RoomRegistry {
    /** ROOM_CREATE: the room with this user as host and first member; the optional fields may be null. */
    RoomAnswer createRoom(String name, String password, Integer capacity, String description) throws ClientException;

    /** ROOM_JOIN; {@code password} may be null. */
    RoomAnswer joinRoom(String name, String password) throws ClientException;

    /** ROOM_LEAVE: the answer says whether the room went with its last member. */
    RoomAnswer leaveRoom(String name) throws ClientException;

    /** ROOM_LIST: one page, without the total ({@code more} says whether rooms follow). */
    RoomListAnswer listRooms(boolean detailed, int offset, int limit) throws ClientException;

    /** ROOM_MEMBERS: the room with who is in it now, and where to reach them. */
    RoomAnswer roomMembers(String name) throws ClientException;

    /** ROOM_KICK, host only. */
    void kick(String room, String username) throws ClientException;

    /** ROOM_BAN, host only. */
    void ban(String room, String username) throws ClientException;

    /** ROOM_UPDATE, host only: null leaves a field as it is; {@code clearPassword} opens a locked room. */
    RoomAnswer updateRoom(String name, String description, String password, boolean clearPassword)
            throws ClientException;

    /** GROUP_CREATE: an invite-only room with these users invited. */
    RoomAnswer createGroup(List<String> usernames) throws ClientException;

    /** ROOM_INVITE_ANSWER: accepting enters the room (the answer carries it). */
    RoomAnswer answerInvitation(String room, boolean accept) throws ClientException;
}
