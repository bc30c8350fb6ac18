package dev.parley.client.command;

import dev.parley.client.registry.RegistryException;
import dev.parley.client.registry.RegistrySession;
import dev.parley.client.render.Notice;
import dev.parley.client.render.NoticeKind;
import dev.parley.client.render.Replies;
import dev.parley.client.render.Screen;
import dev.parley.client.store.ParleyHome;
import java.time.Clock;
import java.util.List;

/** What slash commands act on: the registry session, the screen, questions to the user, the local store. */
public final class ChatClient {
    private final RegistrySession registry;
    private final Screen screen;
    private final Prompter prompter;
    private final ParleyHome home;
    private final Clock clock;
    private volatile List<String> lastOnline = List.of();
    private volatile boolean leaving;

    public ChatClient(RegistrySession registry, Screen screen, Prompter prompter, ParleyHome home, Clock clock) {
        this.registry = registry;
        this.screen = screen;
        this.prompter = prompter;
        this.home = home;
        this.clock = clock;
    }

    public RegistrySession registry() {
        return registry;
    }

    public Screen screen() {
        return screen;
    }

    public Prompter prompter() {
        return prompter;
    }

    public ParleyHome home() {
        return home;
    }

    /** Local time zone and today's date, for showing times the registry sends in UTC. */
    public Clock clock() {
        return clock;
    }

    public void show(NoticeKind kind, String text, String... nicks) {
        screen.show(Notice.of(kind, text, nicks));
    }

    /** The names in the last /online answer, offered by tab completion. */
    public List<String> lastOnline() {
        return lastOnline;
    }

    public void rememberOnline(List<String> names) {
        lastOnline = List.copyOf(names);
    }

    /** True once the user asked to quit (or input ended); the shell stops reading. */
    public boolean leaving() {
        return leaving;
    }

    /** Logs out if logged in, then asks the shell to stop. Safe to call twice. */
    public void leave() {
        leaving = true;
        if (registry.username().isPresent()) {
            try {
                registry.logout();
                show(NoticeKind.SUCCESS, Replies.loggedOut());
            } catch (RegistryException e) {
                show(NoticeKind.ERROR, Replies.error(e.getMessage()));
            }
        }
    }
}
