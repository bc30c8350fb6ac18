package dev.parley.client.command;

import dev.parley.client.ClientException;
import dev.parley.client.render.Replies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** /lock: host only; sets or changes the room's password (asked twice, without echo). */
@Command(name = "lock", customSynopsis = "/lock [--room ROOM]", description = "host only: set or change the room's password")
public final class LockCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Option(names = "--room", paramLabel = "ROOM", description = "the room (default: the current one)")
    String room;

    @Override
    public void run(Client client) throws ClientException {
        String name = RoomNames.orCurrent(client, room);
        client.requireRooms().requireHost(name);
        String secret = RoomPasswords.askTwice(client, Replies.askNewRoomPassword(name),
                Replies.roomPasswordsDiffer(name, "is unchanged"));
        client.requireRooms().update(name, null, secret, false);
    }
}
