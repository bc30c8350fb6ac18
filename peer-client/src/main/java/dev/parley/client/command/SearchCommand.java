package dev.parley.client.command;

import dev.parley.client.ClientException;
import dev.parley.client.registry.UserPresence;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Replies;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** /search: whether one user is online, and where their peer listener is. */
@Command(name = "search", customSynopsis = "/search NAME",
        description = "find out whether someone is online, and where")
public final class SearchCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "NAME", description = "the username to look up (any letter case)")
    String name;

    @Override
    public void run(Client client) throws ClientException {
        Usernames.require(name);
        Optional<UserPresence> found = client.registry().search(name);
        if (found.isEmpty()) {
            client.show(NoticeKind.INFO, Replies.noSuchUser(name));
            return;
        }
        UserPresence user = found.get();
        if (user.online()) {
            client.show(NoticeKind.PRESENCE, Replies.isOnline(user.username(), user.address(), user.peerPort()),
                    user.username());
        } else {
            client.show(NoticeKind.PRESENCE, Replies.isOffline(user.username()), user.username());
        }
    }
}
