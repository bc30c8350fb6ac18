package dev.parley.client.command;

import dev.parley.client.ClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** /rooms: the rooms on the registry. */
@Command(name = "rooms", customSynopsis = "/rooms [-l|--long]", description = "list the rooms")
public final class RoomsCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Option(names = {"-l", "--long"}, description = "also list each room's members")
    boolean detailed;

    @Override
    public void run(Client client) throws ClientException {
        client.requireRooms().list(detailed);
    }
}
