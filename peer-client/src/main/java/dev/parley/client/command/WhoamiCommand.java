package dev.parley.client.command;

import dev.parley.client.ClientException;
import dev.parley.client.registry.SessionInfo;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Replies;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** /whoami: the registry's record of this session. */
@Command(name = "whoami", customSynopsis = "/whoami",
        description = "show who you are logged in as, where peers reach you, and since when")
public final class WhoamiCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Override
    public void run(Client client) throws ClientException {
        SessionInfo me = client.registry().whoami();
        client.show(NoticeKind.INFO, Replies.whoami(me, client.clock().getZone(), LocalDate.now(client.clock())),
                me.username());
    }
}
