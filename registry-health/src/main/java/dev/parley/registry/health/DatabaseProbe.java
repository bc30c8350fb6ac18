package dev.parley.registry.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Asks the database whether it answers, within a bound: a health check that waited as long as the
 * pool or the driver might (a host that drops packets, a pool that is all in use) would itself
 * look dead to the load balancer asking.
 */
@ApplicationScoped
public class DatabaseProbe {
    /** Longer than a healthy answer takes on a busy machine; shorter than a load balancer's usual 5 s probe timeout. */
    static final Duration WITHIN = Duration.ofSeconds(3);

    @Resource(lookup = "java:jboss/datasources/ParleyDS")
    private DataSource database;

    /** Empty when the database answered a validation query in time; otherwise what went wrong, for the operator. */
    public Optional<String> problem() {
        FutureTask<Optional<String>> ask = new FutureTask<>(this::validate);
        Thread.ofVirtual().name("parley-database-probe").start(ask);
        return await(ask);
    }

    private Optional<String> validate() {
        try (Connection c = database.getConnection()) {
            return c.isValid((int) WITHIN.toSeconds()) ? Optional.empty() : Optional.of("the connection is not valid");
        } catch (SQLException e) {
            return Optional.of(firstLine(e.getMessage()));
        }
    }

    private static Optional<String> await(Future<Optional<String>> ask) {
        try {
            return ask.get(WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            ask.cancel(true);
            return Optional.of("no answer within " + WITHIN.toSeconds() + " s");
        } catch (ExecutionException e) {
            return Optional.of(firstLine(String.valueOf(e.getCause())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** A driver's message can run to many lines (and name the URL); the first says what happened. */
    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "the database refused the connection";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
