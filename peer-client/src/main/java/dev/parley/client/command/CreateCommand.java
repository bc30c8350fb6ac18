package dev.parley.client.command;

import dev.parley.client.ClientException;
import dev.parley.client.render.Replies;
import dev.parley.protocol.RoomRules;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** /create: a new room, with you as its host. */
@Command(name = "create", customSynopsis = "/create NAME [OPTIONS]",
        description = "create a room (--password, --capacity N, --description TEXT); you are its host")
public final class CreateCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "NAME", description = "the room's name: " + RoomRules.NAME_MIN + "-" + RoomRules.NAME_MAX
            + " letters, digits, '.', '_' or '-'")
    String name;

    @Option(names = "--password", description = "ask (twice) for a password that people must give to join")
    boolean password;

    @Option(names = "--capacity", paramLabel = "N", description = "most members, " + RoomRules.CAPACITY_MIN + " to "
            + RoomRules.CAPACITY_MAX + " (default " + RoomRules.CAPACITY_DEFAULT + ")")
    Integer capacity;

    @Option(names = "--description", paramLabel = "TEXT", arity = "1..*",
            description = "what the room is for (the words up to the next option)")
    List<String> description;

    @Override
    public void run(Client client) throws ClientException {
        String room = RoomNames.require(name);
        String secret = password ? RoomPasswords.askTwice(client, Replies.askRoomPassword(room),
                Replies.roomPasswordsDiffer(room, "was not created")) : null;
        client.requireRooms().create(room, secret, capacity, description == null ? null : FreeText.of(description));
    }
}
