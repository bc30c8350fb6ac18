package dev.parley.client.chat;

import dev.parley.client.ClientException;
import dev.parley.protocol.Frame;
import dev.parley.protocol.MessageType;
import jakarta.json.JsonObjectBuilder;

/** Where rooms ask the registry: the registry session in the program, a fake in tests. */
@FunctionalInterface
public interface RoomRegistry {
    /**
     * A room request; returns the answer when it is a success.
     *
     * @throws ClientException refused (with the registry's reason) or unreachable
     */
    Frame call(MessageType type, JsonObjectBuilder fields) throws ClientException;
}
