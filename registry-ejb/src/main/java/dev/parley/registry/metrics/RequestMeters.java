package dev.parley.registry.metrics;

import dev.parley.protocol.Message;
import dev.parley.protocol.Status;
import dev.parley.protocol.registry.RegistryRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the registry's requests do, for the metrics: how long each type took to answer, by its
 * status (a timer, and a latency histogram); logins that began a session or were refused;
 * requests refused for coming too fast.
 *
 * <p>The histogram is kept here, as one counter per bucket ({@code parley_requests_latency_total}
 * with {@code le}, cumulative like Prometheus's own buckets, so {@code histogram_quantile} reads
 * it): WildFly hands a deployment a registry that exports only meters made by name and tags, with
 * no way to ask for a timer's histogram.
 */
@ApplicationScoped
public class RequestMeters {
    /** Bucket bounds in seconds, and as the {@code le} label writes them. */
    private static final double[] BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
        5, 10, Double.POSITIVE_INFINITY};
    /** A request's wire type ({@code LOGIN}), read once per record class. */
    private static final ClassValue<String> WIRE_TYPE = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            Message m = type.getAnnotation(Message.class);
            return m == null ? type.getSimpleName() : m.value();
        }
    };

    @Inject
    private MeterRegistry registry;

    private final Map<Kind, Latencies> latencies = new ConcurrentHashMap<>();
    private Counter loginsOk;
    private Counter loginsRefused;
    private Counter throttled;

    @PostConstruct
    void register() {
        loginsOk = registry.counter("parley.logins", "outcome", "ok");
        loginsRefused = registry.counter("parley.logins", "outcome", "refused");
        throttled = registry.counter("parley.requests.throttled");
    }

    /** A request was answered with {@code status} after {@code nanos} of work. */
    public void answered(RegistryRequest request, Status status, long nanos) {
        latencies.computeIfAbsent(new Kind(request.getClass(), status), this::latencies).record(nanos);
        if (request instanceof RegistryRequest.Login) {
            (status == Status.OK ? loginsOk : loginsRefused).increment();
        }
    }

    /** A request was refused (429) for coming faster than its link's rate limit. */
    public void throttled() {
        throttled.increment();
    }

    private Latencies latencies(Kind kind) {
        return new Latencies(Tags.of("type", WIRE_TYPE.get(kind.type()), "status", Integer.toString(kind.status().code())));
    }

    private record Kind(Class<?> type, Status status) {
    }

    /** One type and status of answer: its timer (count, total, max) and its buckets. */
    private final class Latencies {
        private final Timer timer;
        private final LongAdder[] inBucket = new LongAdder[BOUNDS.length];

        Latencies(Tags tags) {
            timer = registry.timer("parley.requests", tags);
            for (int i = 0; i < BOUNDS.length; i++) {
                inBucket[i] = new LongAdder();
                int upTo = i;
                String le = Double.isInfinite(BOUNDS[i]) ? "+Inf" : BigDecimal.valueOf(BOUNDS[i]).toPlainString(); // 0.0005, not 5.0E-4
                // The meter holds this object weakly; the map above holds it for as long as the deployment lives.
                registry.more().counter("parley.requests.latency", tags.and("le", le), this, l -> l.atMost(upTo));
            }
        }

        void record(long nanos) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
            double seconds = nanos / 1e9;
            int i = 0;
            while (seconds > BOUNDS[i]) {
                i++;
            }
            inBucket[i].increment();
        }

        /** Answers that took at most bucket {@code upTo}'s bound. */
        double atMost(int upTo) {
            long n = 0;
            for (int i = 0; i <= upTo; i++) {
                n += inBucket[i].sum();
            }
            return n;
        }
    }
}
