package dev.parley.registry.web;

import dev.parley.registry.config.RegistrySettings;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * The door of the browser client's WebSocket ({@link LinkSocket}), before the upgrade: a page from
 * another site may not open it (403), and the caller's address is noted for the link's caps and
 * throttles, which the WebSocket API does not give the endpoint.
 *
 * <p>Why the Origin matters though the protocol uses no cookies: a page on another site, opened by a
 * user of this registry, could otherwise use that user's browser, and so their address, to guess
 * passwords; addresses that logged into an account before are never slowed for it. Only a browser
 * sends Origin, and it cannot lie about it; a client that sends none is not a page, and may open a
 * link as it may over TLS.
 */
@WebFilter(urlPatterns = LinkSocket.PATH, asyncSupported = true)
public class LinkDoor extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(LinkDoor.class.getName());
    /** The caller's address, from here to the handshake on the same thread ({@link LinkSocket.CallerAddress}). */
    static final ThreadLocal<String> CALLER = new ThreadLocal<>();

    @Inject
    private transient RegistrySettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (origin != null && !allowed(origin.toLowerCase(Locale.ROOT), request)) {
            LOG.fine(() -> "refused a WebSocket from " + request.getRemoteAddr() + ": origin " + origin);
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "pages from " + origin + " may not open a link");
            return;
        }
        CALLER.set(request.getRemoteAddr());
        try {
            chain.doFilter(request, response);
        } finally {
            CALLER.remove();
        }
    }

    /** The page's own origin (the one the request is addressed to), or one the operator allowed. */
    private boolean allowed(String origin, HttpServletRequest request) {
        String host = request.getHeader("Host");
        String own = host == null ? null : request.getScheme() + "://" + host.toLowerCase(Locale.ROOT);
        return origin.equals(own) || settings.allowedWebOrigins().contains(origin);
    }
}
