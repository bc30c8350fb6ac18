package dev.parley.client.command;

import dev.parley.client.ClientException;
import dev.parley.client.registry.RegistryRefusedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** /join: enters a room, asking for its password when it has one. */
@Command(name = "join", customSynopsis = "/join NAME", description = "join a room (asks for its password if it has one)")
public final class JoinCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "NAME", description = "the room")
    String name;

    @Override
    public void run(Client client) throws ClientException {
        String room = RoomNames.require(name);
        try {
            client.requireRooms().join(room, null);
        } catch (RegistryRefusedException e) {
            if (!"password-required".equals(e.reason())) {
                throw e;
            }
            client.requireRooms().join(room, new String(client.prompter().askSecret("password for #" + room + ":")));
        }
    }
}
