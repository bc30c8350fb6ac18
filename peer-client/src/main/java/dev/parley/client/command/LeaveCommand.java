package dev.parley.client.command;

import dev.parley.client.ClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** /leave: leaves a room (the current one without a name). */
@Command(name = "leave", customSynopsis = "/leave [NAME]", description = "leave a room (default: the current one)")
public final class LeaveCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "the room")
    String name;

    @Override
    public void run(Client client) throws ClientException {
        client.requireRooms().leave(RoomNames.orCurrent(client, name));
    }
}
