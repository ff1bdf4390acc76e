package io.orderflow;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The flows a process can run, each one route file, and the files every process loads. */
public final class Flows {

    public static final List<String> ALL = List.of("orders", "inventory", "payment", "notification", "audit");
    private static final List<String> SHARED = List.of("error-handling", "dead-letters");

    /** The beans every flow may use: connection, topology, stores and the business actions. */
    private static final String BEANS = "classpath:beans/orderflow.camel.yaml";

    private Flows() {
    }

    /**
     * The route files for a list such as {@code payment} or {@code orders,audit}; blank or {@code all}
     * means every flow. An unknown name fails start-up with the names that exist.
     */
    public static String routesIncludePattern(String services) {
        Set<String> selected = new LinkedHashSet<>();
        if (services == null || services.isBlank() || services.trim().equals("all")) {
            selected.addAll(ALL);
        } else {
            for (String name : services.split("\\s*,\\s*")) {
                if (!ALL.contains(name.trim())) {
                    throw new IllegalArgumentException("ORDERFLOW_SERVICES names unknown flow '" + name + "'; use 'all' or a list of "
                            + String.join(", ", ALL));
                }
                selected.add(name.trim());
            }
        }
        return Stream.concat(Stream.of(BEANS), Stream.concat(SHARED.stream(), selected.stream())
                        .map(file -> "classpath:routes/" + file + ".camel.yaml"))
                .collect(Collectors.joining(","));
    }
}
