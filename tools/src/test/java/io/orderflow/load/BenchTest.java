package io.orderflow.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
