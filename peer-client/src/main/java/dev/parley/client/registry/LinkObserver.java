package dev.parley.client.registry;

import dev.parley.protocol.Frame;

/** What a {@link RegistryLink} reports from its reader thread; implementations must not block. */
public interface LinkObserver {
    /** An event frame (no id) other than BYE arrived. */
    void event(RegistryLink link, Frame event);

    /** The link is closed for good; {@code bye} is the registry's BYE if it sent one, else null. */
    void closed(RegistryLink link, Frame bye);
}
