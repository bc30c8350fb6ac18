package dev.parley.registry;

import dev.parley.registry.account.LoginStamps;
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
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every periodic job of the registry, in one place and on one scheduler: a scheduled pool whose
 * threads come from the container's default {@link ManagedThreadFactory}, so they are the server's
 * and carry this deployment's context (class loader, naming), and nothing here copies a class
 * loader by hand. A thread per job: the room sweep may wait on the database without holding up the
 * link watchdog.
 *
 * <p>Not the container's {@code ManagedScheduledExecutorService}: WildFly refuses its jobs while
 * the server is suspended, which a stop begins with, and logs each refused run as an ERROR with a
 * stack trace (WFLYEE0110): one in every few stops showed it on the console, and the watchdog and
 * the session expiry would not run at all during a graceful shutdown's suspend. These jobs run
 * until this bean is destroyed, when the pool is shut down: no new run starts, and one under way
 * (it may be in a transaction) has 10 s to finish before it is interrupted.
 *
 * <p>Each job calls a business method through the bean's EJB reference, so the container applies
 * that bean's transaction and concurrency rules to it as it did for the EJB timers these replace.
 * A job that fails is logged and runs again at its next turn: a scheduled task that throws would
 * otherwise never run again. Each waits its period after the previous run ends, so a slow run is
 * not followed by a burst of late ones.
 */
@Singleton
@Startup
// Created after, and so destroyed before, the singletons its jobs call. The stateless beans behind them
// (MailService, the repositories) are not ordered: a run at the very end of a stop may find one gone and
// log it as a failed run.
@DependsOn({"Gateway", "PresenceService", "RoomSweep", "LoginThrottle", "LoginStamps", "RegistryGauges"})
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
    private LoginStamps loginStamps;
    @EJB
    private MailService mail;
    @EJB
    private RegistryGauges gauges;

    private ScheduledThreadPoolExecutor scheduler;

    /** One job: what it is called in the log, how long it waits after a run, and what it runs. */
    record Job(String name, Duration period, Runnable run) {
    }

    @PostConstruct
    void start() {
        List<Job> jobs = List.of(
                new Job("the link watchdog", Duration.ofMillis(500), gateway::checkDeadlines),
                new Job("the count of repeated failures", Duration.ofSeconds(10), RepeatedFailureLog::reportAllRepeats),
                new Job("the session expiry", Duration.ofSeconds(1), presence::expire),
                new Job("the room sweep", Duration.ofSeconds(5), rooms::onTimer),
                new Job("the login throttle's clean-up", Duration.ofMinutes(1), throttle::forgetExpired),
                new Job("the login times", Duration.ofSeconds(1), loginStamps::flush),
                // Expiry is counted in days: a minute late is nothing, and a run finds little to do.
                new Job("the mail expiry", Duration.ofMinutes(1), mail::expire),
                // A dashboard's usual scrape interval: the stored counts are as fresh as it can show.
                new Job("the stored counts for the metrics", Duration.ofSeconds(15), gauges::countStored));
        // A thread per job, all made now, on this thread, with the deployment's context: a job that
        // waits on the database never holds up the watchdog.
        scheduler = new ScheduledThreadPoolExecutor(jobs.size(), threads);
        try {
            scheduler.prestartAllCoreThreads();
            jobs.forEach(this::schedule);
        } catch (RuntimeException | Error e) {
            scheduler.shutdownNow(); // a bean that fails to start is not destroyed: nothing else would stop these
            throw e;
        }
    }

    @PreDestroy
    void stop() {
        scheduler.shutdown(); // periodic jobs start no new run
        try {
            // A run under way finishes before the beans it calls are destroyed (after this one).
            if (!scheduler.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warning(() -> "a periodic job still ran " + STOP_WAIT_SECONDS + " s after the stop began; interrupting it");
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void schedule(Job job) {
        long millis = job.period().toMillis();
        scheduler.scheduleWithFixedDelay(guarded(job, RepeatedFailureLog.of(LOG)), millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * The job as the scheduler runs it: nothing it throws ends it, and a job that fails on every
     * run (every 500 ms for the watchdog) logs its stack trace once a minute, with a count of the
     * repeats, through a tally of its own, so one job's failures never hide another's.
     */
    static Runnable guarded(Job job, RepeatedFailureLog failures) {
        long millis = job.period().toMillis();
        return () -> {
            try {
                job.run().run();
            } catch (RuntimeException e) {
                failures.log(Level.WARNING, job.name() + " failed; it runs again in " + millis + " ms", e);
            } catch (Error e) {
                // Caught too: a periodic task that throws is never run again, and nothing would say so.
                failures.log(Level.SEVERE, job.name() + " failed; it runs again in " + millis + " ms", e);
            }
        };
    }
}
