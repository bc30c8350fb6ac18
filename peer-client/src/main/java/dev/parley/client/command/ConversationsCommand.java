package dev.parley.client.command;

import dev.parley.client.ClientException;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Replies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** /conversations: the open conversations and requests, the current one marked, with unread counts. */
@Command(name = "conversations", aliases = "buffers", customSynopsis = "/conversations",
        description = "list your conversations and requests, with unread counts")
public final class ConversationsCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Override
    public void run(ChatClient client) throws ClientException {
        client.show(NoticeKind.INFO, Replies.conversations(client.requireConversations().describe()));
    }
}
