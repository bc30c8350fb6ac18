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
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every periodic job of the registry, in one place and on one scheduler: the container's default
 * {@link ManagedScheduledExecutorService}. That one rather than an executor of our own because its
 * threads are the server's and run each job with this deployment's context (class loader, JNDI),
 * so nothing here makes a thread or copies a class loader by hand, and the server's configuration
 * sizes it (by default twice the processors: the room sweep may wait on the database without
 * holding up the link watchdog). What the container does not do is stop the jobs of an application
 * that is undeployed, so this bean keeps them and cancels them when it is destroyed.
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

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    private ManagedScheduledExecutorService scheduler;
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

    private final List<ScheduledFuture<?>> jobs = new ArrayList<>();

    @PostConstruct
    void start() {
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
        for (ScheduledFuture<?> job : jobs) {
            job.cancel(false); // a run under way finishes: it may be inside a transaction
        }
        jobs.clear();
    }

    private void every(Duration period, String name, Runnable job) {
        long millis = period.toMillis();
        jobs.add(scheduler.scheduleWithFixedDelay(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, name + " failed; it runs again in " + millis + " ms", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS));
    }
}
