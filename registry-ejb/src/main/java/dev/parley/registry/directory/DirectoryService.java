package dev.parley.registry.directory;

import dev.parley.protocol.Status;
import dev.parley.registry.RequestRefused;
import dev.parley.registry.account.AccountIdentity;
import dev.parley.registry.account.AccountService;
import dev.parley.registry.presence.OnlinePage;
import dev.parley.registry.presence.PresenceService;
import dev.parley.registry.presence.Session;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/** Finding people: one user by name, or everyone online. */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class DirectoryService {

    @EJB
    private PresenceService presence;
    @EJB
    private AccountService accounts;

    /**
     * Online with address, offline, or 404 when no account has this name; with the identity key
     * either way. Online users are answered from memory, offline ones from the database.
     */
    public UserLookup search(String username) {
        var online = presence.online(username);
        if (online.isPresent()) {
            Session s = online.get();
            return new UserLookup(s.username(), true, s.address(), s.peerPort(), s.identityKey());
        }
        AccountIdentity registered = accounts.registered(username)
                .orElseThrow(() -> new RequestRefused(Status.NOT_FOUND, "no user named " + username));
        return new UserLookup(registered.username(), false, null, 0, registered.identityKey());
    }

    public OnlinePage listOnline(int offset, int limit) {
        return presence.onlinePage(offset, limit);
    }
}
