package dev.parley.client.command;

import dev.parley.client.ClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** /exit (or /close): ends a conversation; the other side is told. */
@Command(name = "exit", aliases = "close", customSynopsis = "/exit [NAME]",
        description = "end the current conversation (or NAME's); the other side is told")
public final class ExitCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "whose conversation (default: the current one)")
    String name;

    @Override
    public void run(Client client) throws ClientException {
        String target = name != null ? name : client.buffers().current().orElse(null);
        if (target != null && target.startsWith("#")) {
            client.requireRooms().leave(RoomNames.require(target)); // in a room buffer, /exit leaves the room
            return;
        }
        client.requireConversations().exit(target == null ? null : Usernames.require(target));
    }
}
