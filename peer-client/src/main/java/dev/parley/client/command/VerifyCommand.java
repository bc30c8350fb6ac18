package dev.parley.client.command;

import dev.parley.client.ClientException;
import dev.parley.client.identity.Fingerprint;
import dev.parley.client.identity.Identity;
import dev.parley.client.identity.KnownPeers;
import dev.parley.client.registry.UserPresence;
import dev.parley.client.render.NoticeKind;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** /verify: both identity fingerprints, to compare with the other person by phone or in person. */
@Command(name = "verify", customSynopsis = "/verify NAME",
        description = "show your and NAME's key fingerprints to compare out of band")
public final class VerifyCommand implements SlashCommand {
    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "NAME", description = "whose key to check")
    String name;

    @Override
    public void run(Client client) throws ClientException {
        Usernames.require(name);
        Identity mine = client.identity().orElseThrow(() -> new ClientException("log in first — /login NAME"));
        UserPresence user = client.registry().search(name)
                .orElseThrow(() -> new ClientException("no user named " + name));
        StringBuilder b = new StringBuilder("your fingerprint (").append(mine.username()).append("):\n  ")
                .append(Fingerprint.of(mine.publicKey()));
        if (user.identityKey().isEmpty()) {
            b.append('\n').append(user.username()).append(" has no identity key at the registry");
            client.show(NoticeKind.WARNING, b.toString(), user.username());
            return;
        }
        String registered = Fingerprint.of(Identity.decode(user.identityKey().get()));
        b.append('\n').append(user.username()).append("'s fingerprint (registry):\n  ").append(registered);
        Optional<String> pinned = pinned(client, mine.username(), user.username());
        NoticeKind kind = NoticeKind.INFO;
        if (pinned.isEmpty()) {
            b.append("\nnot pinned yet: it will be pinned when you first chat");
        } else if (pinned.get().equals(registered)) {
            b.append("\nmatches the key pinned on this computer");
        } else {
            kind = NoticeKind.WARNING;
            b.append("\nWARNING: pinned on this computer: ").append(pinned.get()).append(" — the key CHANGED");
        }
        b.append("\ncompare both with ").append(user.username()).append(" by phone or in person");
        client.show(kind, b.toString(), user.username());
    }

    private static Optional<String> pinned(Client client, String me, String peer) throws ClientException {
        try {
            return new KnownPeers(client.folder(me).resolve("known_peers")).pinned(peer)
                    .map(key -> Fingerprint.of(Identity.decode(key)));
        } catch (IOException | IllegalArgumentException e) {
            throw new ClientException("cannot read the pinned keys: " + e.getMessage());
        }
    }
}
