package io.orderflow.observability;

import java.util.Map;
import java.util.Properties;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import org.apache.camel.main.Main;

/**
 * Traces with OpenTelemetry, configured the standard way by the {@code OTEL_*} environment variables (or
 * {@code otel.*} system properties): on as soon as one is set, and off when none is, with no tracer in the routes
 * and no exporter at all. {@code OTEL_SDK_DISABLED=true} or {@code OTEL_TRACES_EXPORTER=none} keep it off.
 */
public final class Tracing {

    /**
     * Where the environment says nothing: Orderflow's name, traces only (metrics are Prometheus' business), and OTLP
     * over HTTP (port 4318), the protocol the JDK's HTTP client speaks; gRPC would need a sender of its own.
     */
    static final Map<String, String> DEFAULTS = Map.of(
            "otel.service.name", "orderflow",
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none",
            "otel.exporter.otlp.protocol", "http/protobuf");

    private Tracing() {
    }

    /** Whether the environment or the system properties ask for traces. */
    public static boolean isConfigured(Map<String, String> environment, Properties system) {
        boolean configured = environment.keySet().stream().anyMatch(name -> name.startsWith("OTEL_"))
                || system.stringPropertyNames().stream().anyMatch(name -> name.startsWith("otel."));
        boolean disabled = "true".equalsIgnoreCase(setting(environment, system, "OTEL_SDK_DISABLED"))
                || "none".equalsIgnoreCase(setting(environment, system, "OTEL_TRACES_EXPORTER"));
        return configured && !disabled;
    }

    /**
     * When configured: builds the OpenTelemetry SDK from the environment as the global one (its shutdown hook
     * exports what is left), switches camel-opentelemetry2 on for {@code main} and gives Camel thread pools whose
     * tasks start without a stale trace ({@link TraceContextThreadPools}). Answers whether it did.
     */
    public static boolean enable(Main main) {
        if (!isConfigured(System.getenv(), System.getProperties())) {
            return false;
        }
        AutoConfiguredOpenTelemetrySdk.builder().addPropertiesSupplier(() -> DEFAULTS).setResultAsGlobal().build();
        main.addInitialProperty("camel.opentelemetry2.enabled", "true");
        main.bind("traceContextThreadPools", new TraceContextThreadPools());
        return true;
    }

    /** The W3C trace id of the span current on this thread, or null when there is none (tracing is off). */
    public static String currentTraceId() {
        SpanContext context = Span.current().getSpanContext();
        return context.isValid() ? context.getTraceId() : null;
    }

    /** A setting as the SDK reads it: the system property first, then the environment variable. */
    private static String setting(Map<String, String> environment, Properties system, String variable) {
        String property = system.getProperty(variable.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
        return property != null ? property : environment.get(variable);
    }
}
