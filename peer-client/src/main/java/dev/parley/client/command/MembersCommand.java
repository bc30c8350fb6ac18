package dev.parley.client.command;

import dev.parley.client.ClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** /members: who is in a room now. */
@Command(name = "members", customSynopsis = "/members [NAME]", description = "who is in a room now (default: the current one)")
public final class MembersCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "the room")
    String name;

    @Override
    public void run(Client client) throws ClientException {
        client.requireRooms().members(RoomNames.orCurrent(client, name));
    }
}
