package dev.parley.client.command;

import dev.parley.client.ClientException;
import dev.parley.client.registry.OnlineUser;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Replies;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** /online: everyone online, by name or with where to reach them. */
@Command(name = "online", customSynopsis = "/online [-l|--long]", description = "list who is online")
public final class OnlineCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Option(names = {"-l", "--long"}, description = "also show each user's address and peer port")
    boolean detailed;

    @Override
    public void run(Client client) throws ClientException {
        List<OnlineUser> users = client.registry().listOnline(detailed);
        List<String> names = users.stream().map(OnlineUser::username).toList();
        client.rememberOnline(names);
        String me = client.registry().username().orElse("");
        if (names.stream().allMatch(me::equalsIgnoreCase)) {
            client.show(NoticeKind.INFO, Replies.nobodyElseOnline());
            return;
        }
        String[] nicks = names.toArray(String[]::new);
        if (detailed) {
            client.show(NoticeKind.PRESENCE, Replies.onlineDetails(users), nicks);
        } else {
            client.show(NoticeKind.PRESENCE, Replies.onlineNames(names), nicks);
        }
    }
}
