package dev.parley.client.command;

import dev.parley.client.ClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** /receipts: who has, and who has not yet, received your last message in a room. */
@Command(name = "receipts", customSynopsis = "/receipts [ROOM]",
        description = "who has and has not received your last message in the room")
public final class ReceiptsCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(arity = "0..1", paramLabel = "ROOM", description = "the room (default: the current one)")
    String room;

    @Override
    public void run(Client client) throws ClientException {
        client.requireRooms().receipts(RoomNames.orCurrent(client, room));
    }
}
