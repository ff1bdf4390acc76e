package io.orderflow.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BenchTest {

    @Test
    void cpuPerOrderIsEachProcesssCoresOverTheThroughputAndTheirTotal() {
        Map<String, Double> cores = new LinkedHashMap<>();
        cores.put("nats_server", 0.5);
        cores.put("flows", 1.2);
        cores.put("driver", 0.3);
        assertEquals(Map.of("nats_server", 1.0, "flows", 2.4, "driver", 0.6, "total", 4.0),
                Bench.Figures.cpuMsPerOrder(cores, 500));
    }

    @Test
    void heapFiguresComeFromTheGcLog() {
        Bench.Heap heap = Bench.Heap.fromGcLog(List.of(
                "[0.012s][info][gc] Using G1",
                "[3.1s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->6M(512M) 4.2ms",
                "[9.8s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 301M->118M(512M) 21.0ms",
                "[12.0s][info][gc] GC(8) Pause Remark 250M->131M(512M) 9.1ms",
                "[12.5s][info][gc] GC(8) Concurrent Mark Cycle 600.1ms"));

        assertEquals(301, heap.peakMb());
        assertEquals(131, heap.afterLastGcMb());
    }

    @Test
    void aSecondOfTheBaselineReadsBackAsItWasPrinted() {
        Timeline.Second second = new Timeline.Second(355, 5410.8, 6307.8);

        String line = JetStreamBaseline.secondLine(second);

        assertEquals("baseline: second 355 5410.8 6307.8", line);
        assertEquals(second, JetStreamBaseline.parseSecond(line));
    }

    @Test
    void aSecondInWhichNoOrderEndedHasNoLatency() {
        String line = JetStreamBaseline.secondLine(Timeline.Second.of(new Histogram(3)));

        assertEquals("baseline: second 0 - -", line);
        assertEquals(new Timeline.Second(0, null, null), JetStreamBaseline.parseSecond(line));
    }

    @Test
    void aSecondsLatencyIsItsPercentilesInMilliseconds() {
        Histogram micros = new Histogram(3);
        for (long millis = 1; millis <= 100; millis++) {
            micros.recordValue(millis * 1_000);
        }

        assertEquals(new Timeline.Second(100, 50.0, 99.0), Timeline.Second.of(micros));
    }

    @Test
    void aLineThatIsNotASecondIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> JetStreamBaseline.parseSecond(JetStreamBaseline.MEASURING));
        assertThrows(IllegalArgumentException.class, () -> JetStreamBaseline.parseSecond("baseline: second 355 5410.8"));
    }
}
