package dev.parley.client.command;

import dev.parley.client.ClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** /switch: makes another conversation the current one, like changing buffers in an IRC client. */
@Command(name = "switch", customSynopsis = "/switch NAME|#ROOM", description = "go to another conversation or room")
public final class SwitchCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "NAME", description = "whose conversation")
    String name;

    @Override
    public void run(Client client) throws ClientException {
        if (name.startsWith("#")) {
            client.requireRooms().switchTo(RoomNames.require(name));
        } else {
            client.requireConversations().switchTo(Usernames.require(name));
        }
    }
}
