package dev.parley.client.command;

import dev.parley.client.ClientException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** /topic: host only; changes the current room's description. */
@Command(name = "topic", customSynopsis = "/topic TEXT… [--room ROOM]", description = "host only: change the room's description")
public final class TopicCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "TEXT", arity = "1..*", description = "the new description")
    List<String> words;

    @Option(names = "--room", paramLabel = "ROOM", description = "the room (default: the current one)")
    String room;

    @Override
    public void run(Client client) throws ClientException {
        client.requireRooms().update(RoomNames.orCurrent(client, room), FreeText.of(words), null, false);
    }
}
