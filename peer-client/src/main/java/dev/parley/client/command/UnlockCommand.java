package dev.parley.client.command;

import dev.parley.client.ClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** /unlock: host only; removes the room's password. */
@Command(name = "unlock", customSynopsis = "/unlock [--room ROOM]", description = "host only: remove the room's password")
public final class UnlockCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Option(names = "--room", paramLabel = "ROOM", description = "the room (default: the current one)")
    String room;

    @Override
    public void run(Client client) throws ClientException {
        client.requireRooms().update(RoomNames.orCurrent(client, room), null, null, true);
    }
}
