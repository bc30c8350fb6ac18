package dev.parley.registry.web;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * One start-up line on the console: where a browser finds the web client. The port is the HTTPS
 * listener's as bound (PARLEY_WEB_PORT plus any port offset), read from the server's management
 * model; the name is the one the self-signed certificate carries (PARLEY_WEB_HOST).
 */
@WebListener
public class WebClientReport implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(WebClientReport.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            Object port = ManagementFactory.getPlatformMBeanServer().getAttribute(
                    new ObjectName("jboss.as:socket-binding-group=standard-sockets,socket-binding=https"), "boundPort");
            String host = System.getenv().getOrDefault("PARLEY_WEB_HOST", "localhost");
            LOG.info(() -> "web client at https://" + host + ":" + port + "/");
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.FINE, "the web client's address is not known", e);
        }
    }
}
