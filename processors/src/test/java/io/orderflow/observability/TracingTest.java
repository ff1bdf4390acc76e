package io.orderflow.observability;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.DefaultThreadPoolFactory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TracingTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final Span TRACED = Span.wrap(SpanContext.create(TRACE, "00f067aa0ba902b7", TraceFlags.getSampled(),
            TraceState.getDefault()));

    @Test
    void anyOtelVariableOrPropertySwitchesTracesOnAndNoneLeavesThemOff() {
        Properties none = new Properties();
        assertFalse(Tracing.isConfigured(Map.of("PATH", "/usr/bin", "LOG_FORMAT", "json"), none));
        assertTrue(Tracing.isConfigured(Map.of("OTEL_TRACES_EXPORTER", "zipkin"), none));
        assertTrue(Tracing.isConfigured(Map.of("OTEL_SERVICE_NAME", "orderflow-payment"), none));
        Properties property = new Properties();
        property.setProperty("otel.exporter.otlp.endpoint", "http://collector:4318");
        assertTrue(Tracing.isConfigured(Map.of(), property));
    }

    @Test
    void aDisabledSdkOrNoTraceExporterKeepsThemOff() {
        Properties none = new Properties();
        assertFalse(Tracing.isConfigured(Map.of("OTEL_SERVICE_NAME", "orderflow", "OTEL_SDK_DISABLED", "true"), none));
        assertFalse(Tracing.isConfigured(Map.of("OTEL_TRACES_EXPORTER", "none"), none));
        Properties disabled = new Properties();
        disabled.setProperty("otel.sdk.disabled", "true");
        assertFalse(Tracing.isConfigured(Map.of("OTEL_TRACES_EXPORTER", "zipkin"), disabled));
    }

    @Test
    void theCurrentTraceIdIsTheW3cIdOfTheCurrentSpanAndNoneWithoutOne() {
        assertNull(Tracing.currentTraceId());
        try (Scope scope = TRACED.makeCurrent()) {
            assertEquals(TRACE, Tracing.currentTraceId());
        }
    }

    @Test
    void aPoolTaskStartsWithoutTheTraceAnEarlierTaskLeftOnItsThread() throws Exception {
        ThreadPoolProfile one = new ThreadPoolProfile("one");
        one.setPoolSize(1);
        one.setMaxPoolSize(1);
        one.setMaxQueueSize(10);
        one.setKeepAliveTime(60L);
        one.setTimeUnit(TimeUnit.SECONDS);
        assertEquals(TRACE, traceSeenByTheNextTask(new DefaultThreadPoolFactory().newThreadPool(one, Executors.defaultThreadFactory())),
                "the default pool keeps what a task left current");
        assertNull(traceSeenByTheNextTask(new TraceContextThreadPools().newThreadPool(one, Executors.defaultThreadFactory())));
        assertNull(traceSeenByTheNextTask(new TraceContextThreadPools().newCachedThreadPool(Executors.defaultThreadFactory())));
        assertNull(traceSeenByTheNextTask(new TraceContextThreadPools().newScheduledThreadPool(one, Executors.defaultThreadFactory())));
    }

    /** A task leaves a span current, as a scope closed on another thread does; the next one on the thread looks. */
    private static String traceSeenByTheNextTask(ExecutorService pool) throws Exception {
        try {
            pool.submit(() -> TRACED.makeCurrent()).get(5, TimeUnit.SECONDS);
            return pool.submit(Tracing::currentTraceId).get(5, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }
}
