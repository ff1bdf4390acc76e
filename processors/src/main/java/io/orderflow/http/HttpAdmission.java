package io.orderflow.http;

import java.nio.charset.StandardCharsets;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.CamelEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits HTTP requests only while the flows run. The HTTP server listens before the routes behind it have
 * started, and on shutdown the routes stop before the server does: in both windows Vert.x would answer
 * 404, which a client takes as final. Instead every request outside {@code /observe} gets 503 with
 * {@code Retry-After}, so a client retries (with its Idempotency-Key) against this process or another.
 */
public class HttpAdmission extends RouterGuard {

    private static final Logger LOG = LoggerFactory.getLogger(HttpAdmission.class);
    private static final Buffer RETRY_LATER = Buffer.buffer(
            "{\"error\":\"Orderflow is starting or stopping; retry\",\"status\":503}".getBytes(StandardCharsets.UTF_8));

    private volatile boolean admitting;
    private volatile boolean draining;

    @Override
    protected void lifecycle(CamelEvent event) {
        switch (event.getType()) {
            case CamelContextStarted -> admitting = !draining;
            case CamelContextStopping -> {
                draining = true;
                admitting = false;
                LOG.info("Draining: HTTP requests get 503 from now on");
            }
            default -> {
                // other lifecycle events change nothing here
            }
        }
    }

    /** True while requests reach the routes: the flows have started and are not draining. */
    public boolean isAdmitting() {
        return admitting;
    }

    /** The admission check, before every route (and before the authentication, HttpAuthentication). */
    @Override
    protected void install(VertxPlatformHttpRouter router) {
        router.route().order(Integer.MIN_VALUE).handler(this::admit);
        LOG.info("HTTP requests to {} get 503 until the flows have started", router.getName());
    }

    private void admit(RoutingContext request) {
        if (admitting || request.normalizedPath().startsWith("/observe")) {
            request.next();
            return;
        }
        request.response().setStatusCode(503)
                .putHeader("Retry-After", "1")
                .putHeader("Content-Type", "application/json")
                .end(RETRY_LATER.copy());
    }
}
