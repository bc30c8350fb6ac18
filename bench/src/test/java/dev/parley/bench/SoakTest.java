package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's summary of what grew: first, last, least, most and the slope an hour. */
class SoakTest {

    @Test
    void theTrendIsTheLeastSquaresSlopePerHour() {
        String flat = Soak.trend("threads", List.of(new double[] {1, 100}, new double[] {2, 100}, new double[] {3, 100}));
        assertEquals("threads: first 100.0, last 100.0, least 100.0, most 100.0 over 3 readings; slope +0.00 an hour", flat);
        String rising = Soak.trend("fds", List.of(new double[] {0, 10}, new double[] {30, 12}, new double[] {60, 14}));
        assertEquals("fds: first 10.0, last 14.0, least 10.0, most 14.0 over 3 readings; slope +4.00 an hour", rising);
    }

    @Test
    void oneReadingHasNoSlope() {
        assertEquals("heap: 90.0, one reading: no slope", Soak.trend("heap", List.<double[]>of(new double[] {5, 90})));
    }
}
