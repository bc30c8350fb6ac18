package dev.parley.client.command;

import dev.parley.client.ClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** /kick: host only; removes someone from the current room. */
@Command(name = "kick", customSynopsis = "/kick NAME [--room ROOM]",
        description = "host only: remove someone from the room")
public final class KickCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "NAME", description = "who")
    String user;

    @Option(names = "--room", paramLabel = "ROOM", description = "the room (default: the current one)")
    String room;

    @Override
    public void run(Client client) throws ClientException {
        client.requireRooms().kick(RoomNames.orCurrent(client, room), Usernames.require(user), false);
    }
}
