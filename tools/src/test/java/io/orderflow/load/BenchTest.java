package io.orderflow.load;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BenchTest {

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
