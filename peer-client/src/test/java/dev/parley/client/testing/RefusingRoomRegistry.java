package dev.parley.client.testing;

import dev.parley.client.ClientException;
import dev.parley.client.registry.RoomRegistry;
import dev.parley.protocol.registry.RegistryAnswer.RoomAnswer;
import dev.parley.protocol.registry.RegistryAnswer.RoomListAnswer;
import java.util.List;

/** A room registry that refuses every request with one reason; fakes override the requests they keep. */
public class RefusingRoomRegistry implements RoomRegistry {
    private final String reason;

    public RefusingRoomRegistry(String reason) {
        this.reason = reason;
    }

    /** The refusal of a request this registry does not keep. */
    protected ClientException refused(String request) {
        return new ClientException(reason + ": " + request);
    }

    @Override
    public RoomAnswer createRoom(String name, String password, Integer capacity, String description)
            throws ClientException {
        throw refused("create a room");
    }

    @Override
    public RoomAnswer joinRoom(String name, String password) throws ClientException {
        throw refused("join a room");
    }

    @Override
    public RoomAnswer leaveRoom(String name) throws ClientException {
        throw refused("leave a room");
    }

    @Override
    public RoomListAnswer listRooms(boolean detailed, int offset, int limit) throws ClientException {
        throw refused("list the rooms");
    }

    @Override
    public RoomAnswer roomMembers(String name) throws ClientException {
        throw refused("list a room's members");
    }

    @Override
    public void kick(String room, String username) throws ClientException {
        throw refused("kick");
    }

    @Override
    public void ban(String room, String username) throws ClientException {
        throw refused("ban");
    }

    @Override
    public RoomAnswer updateRoom(String name, String description, String password, boolean clearPassword)
            throws ClientException {
        throw refused("update a room");
    }

    @Override
    public RoomAnswer createGroup(List<String> usernames) throws ClientException {
        throw refused("create a group");
    }

    @Override
    public RoomAnswer answerInvitation(String room, boolean accept) throws ClientException {
        throw refused("answer an invitation");
    }
}
