package dev.parley.client.command;

import dev.parley.client.ClientException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** /group: an invite-only room with these people invited; each answers /accept or /reject. */
@Command(name = "group", customSynopsis = "/group NAME…", description = "start a group chat: an invite-only room, with invitations")
public final class GroupCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "who to invite")
    List<String> names;

    @Override
    public void run(Client client) throws ClientException {
        List<String> checked = new ArrayList<>();
        for (String n : names) {
            checked.add(Usernames.require(n));
        }
        client.requireRooms().group(checked);
    }
}
