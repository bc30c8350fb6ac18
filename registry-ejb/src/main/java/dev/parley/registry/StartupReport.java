package dev.parley.registry;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * The last of the registry's own start-up lines on the console (the web client's address follows,
 * from its module, which starts after this one): how long the start took, counted from
 * the JVM's start (WildFly's boot, the deployment, the schema, the listeners), and where the full
 * log is. Written once the listeners are open, so it follows "Parley registry listening ...".
 */
@Singleton
@Startup
@DependsOn("Gateway")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StartupReport {
    private static final Logger LOG = Logger.getLogger(StartupReport.class.getName());

    @PostConstruct
    void report() {
        double seconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        String logDir = System.getProperty("jboss.server.log.dir");
        LOG.info(() -> String.format(Locale.ROOT, "registry started in %.1f s%s", seconds,
                logDir == null ? "" : "; the full log is " + Path.of(logDir, "server.log")));
    }
}
