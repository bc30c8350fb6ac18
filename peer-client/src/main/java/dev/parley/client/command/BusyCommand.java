package dev.parley.client.command;

import dev.parley.client.ClientException;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Replies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** /busy: do not disturb; every chat request is answered "busy" without asking. */
@Command(name = "busy", customSynopsis = "/busy [on|off]",
        description = "do not disturb: answer every chat request busy (no argument toggles)")
public final class BusyCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(arity = "0..1", paramLabel = "on|off", description = "on or off (default: toggle)")
    String setting;

    @Override
    public void run(Client client) throws ClientException {
        Boolean on = null;
        if (setting != null) {
            on = switch (setting.toLowerCase(java.util.Locale.ROOT)) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new ClientException("say on or off, not '" + setting + "' — usage: /busy [on|off]");
            };
        }
        boolean now = client.requireConversations().busy(on);
        client.show(NoticeKind.SUCCESS, Replies.busy(now));
    }
}
