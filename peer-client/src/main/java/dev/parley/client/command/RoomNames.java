package dev.parley.client.command;

import dev.parley.client.ClientException;
import dev.parley.protocol.RoomRules;

/** Room names as typed: with or without the leading '#', checked before the registry is asked. */
final class RoomNames {
    private RoomNames() {
    }

    static String require(String typed) throws ClientException {
        String name = typed.startsWith("#") ? typed.substring(1) : typed;
        String problem = RoomRules.nameProblem(name).orElse(null);
        if (problem != null) {
            throw new ClientException(problem);
        }
        return name;
    }

    /** The room named, or the current buffer's room when none is named. */
    static String orCurrent(Client client, String typed) throws ClientException {
        if (typed != null) {
            return require(typed);
        }
        String current = client.buffers().current().orElse("");
        if (!current.startsWith("#")) {
            throw new ClientException("not in a room buffer — name the room, or /switch #ROOM");
        }
        return current.substring(1);
    }
}
