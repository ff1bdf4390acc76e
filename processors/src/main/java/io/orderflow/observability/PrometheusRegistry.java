package io.orderflow.observability;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The registry that /observe/metrics serves, declared with the beans (as {@code metricsRegistry}, the name
 * camel-micrometer-prometheus looks for) so that the beans that count can be given it: the YAML beans are
 * created before Camel's metrics service would create its own.
 */
public final class PrometheusRegistry {

    private PrometheusRegistry() {
    }

    public static PrometheusMeterRegistry create() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }
}
