package dev.parley.client.command;

import dev.parley.client.ClientException;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Replies;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** /conversations: the conversations, requests and rooms, the current one marked, with unread counts. */
@Command(name = "conversations", aliases = "buffers", customSynopsis = "/conversations",
        description = "list your conversations, requests and rooms, with unread counts")
public final class ConversationsCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Override
    public void run(Client client) throws ClientException {
        List<String> entries = new ArrayList<>(client.requireConversations().describe());
        entries.addAll(client.requireRooms().describe());
        client.show(NoticeKind.INFO, Replies.conversations(entries));
    }
}
