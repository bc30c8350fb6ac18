package dev.parley.client.registry;

import dev.parley.protocol.registry.RegistryEvent;

/** What a {@link RegistryLink} reports from its reader thread; implementations must not block. */
public interface LinkObserver {
    /** An event other than BYE arrived (read as its record). */
    void event(RegistryLink link, RegistryEvent event);

    /** The link is closed for good; {@code bye} is the registry's BYE if it sent one, else null. */
    void closed(RegistryLink link, RegistryEvent.Bye bye);
}
