package dev.parley.registry;

import dev.parley.registry.account.LoginThrottle;
import dev.parley.registry.gateway.Gateway;
import dev.parley.registry.mail.MailService;
import dev.parley.registry.metrics.RegistryGauges;
import dev.parley.registry.presence.PresenceService;
import dev.parley.registry.room.RoomSweep;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every periodic job of the registry, in one place and on one scheduler: a scheduled pool whose
 * threads come from the container's default {@link ManagedThreadFactory}, so they are the server's
 * and carry this deployment's context (class loader, naming), and nothing here copies a class
 * loader by hand. Twice the processors, as the container's own scheduler: the room sweep may wait
 * on the database without holding up the link watchdog.
 *
 * <p>Not the container's {@code ManagedScheduledExecutorService}: WildFly refuses its jobs while
 * the server is suspended, which a stop begins with, and logs each refused run as an ERROR with a
 * stack trace (WFLYEE0110): one in every few stops showed it on the console, and the watchdog and
 * the session expiry would not run at all during a graceful shutdown's suspend. These jobs run
 * until this bean is destroyed, when the pool is shut down: runs under way finish (one may be in a
 * transaction), no new one starts.
 *
 * <p>Each job calls a business method through the bean's EJB reference, so the container applies
 * that bean's transaction and concurrency rules to it as it did for the EJB timers these replace.
 * A job that fails is logged and runs again at its next turn: a scheduled task that throws would
 * otherwise never run again. Each waits its period after the previous run ends, so a slow run is
 * not followed by a burst of late ones.
 */
@Singleton
@Startup
// Created after, and so destroyed before, every bean its jobs call: no job runs on a bean that is gone.
@DependsOn({"Gateway", "PresenceService", "RoomSweep", "LoginThrottle", "RegistryGauges"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RegistryTimers {
    private static final Logger LOG = Logger.getLogger(RegistryTimers.class.getName());
    private static final long STOP_WAIT_SECONDS = 10;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    private ManagedThreadFactory threads;
    @EJB
    private Gateway gateway;
    @EJB
    private PresenceService presence;
    @EJB
    private RoomSweep rooms;
    @EJB
    private LoginThrottle throttle;
    @EJB
    private MailService mail;
    @EJB
    private RegistryGauges gauges;

    private ScheduledThreadPoolExecutor scheduler;

    @PostConstruct
    void start() {
        scheduler = new ScheduledThreadPoolExecutor(2 * Runtime.getRuntime().availableProcessors(), threads);
        scheduler.setRemoveOnCancelPolicy(true);
        every(Duration.ofMillis(500), "the link watchdog", gateway::checkDeadlines);
        every(Duration.ofSeconds(10), "the count of repeated failures", RepeatedFailureLog::reportAllRepeats);
        every(Duration.ofSeconds(1), "the session expiry", presence::expire);
        every(Duration.ofSeconds(5), "the room sweep", rooms::onTimer);
        every(Duration.ofMinutes(1), "the login throttle's clean-up", throttle::forgetExpired);
        // Expiry is counted in days: a minute late is nothing, and a run finds little to do.
        every(Duration.ofMinutes(1), "the mail expiry", mail::expire);
        // A dashboard's usual scrape interval: the stored counts are as fresh as it can show.
        every(Duration.ofSeconds(15), "the stored counts for the metrics", gauges::countStored);
    }

    @PreDestroy
    void stop() {
        scheduler.shutdown(); // periodic jobs start no new run
        try {
            // A run under way finishes before the beans it calls are destroyed (they are, after this one).
            if (!scheduler.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warning(() -> "a periodic job still runs " + STOP_WAIT_SECONDS + " s after the stop began");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void every(Duration period, String name, Runnable job) {
        long millis = period.toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, name + " failed; it runs again in " + millis + " ms", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }
}
