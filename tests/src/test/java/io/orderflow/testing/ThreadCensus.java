package io.orderflow.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Live threads counted by pool (the name without its numbers), so that a leak check can tell a thread per
 * request from the few a cached pool adds under a burst and names which pool grew when it fails.
 */
public record ThreadCensus(Map<String, Long> byPool) {

    public static ThreadCensus take() {
        return new ThreadCensus(Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .collect(Collectors.groupingBy(thread -> thread.getName().replaceAll("\\d+", "#"), TreeMap::new,
                        Collectors.counting())));
    }

    public long total() {
        return byPool.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The pools that have more threads now than in {@code before}, with how many more. */
    public Map<String, Long> grownSince(ThreadCensus before) {
        Map<String, Long> grown = new TreeMap<>();
        byPool.forEach((pool, count) -> {
            long more = count - before.byPool.getOrDefault(pool, 0L);
            if (more > 0) {
                grown.put(pool, more);
            }
        });
        return grown;
    }
}
