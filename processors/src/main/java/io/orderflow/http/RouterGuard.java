package io.orderflow.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Handlers in front of every route of the platform-http routers, put there once, as soon as a router exists.
 * camel-platform-http-vertx 4.17 binds its router into the registry and starts listening in one step while the
 * context starts its services, and the first lifecycle event after that (CamelContextStarting) comes 100 to 500 ms
 * later, the Jolokia and Prometheus plugins being set up in between: requests in that window met a router without
 * routes and got 404 (RestartWindowTest). No event or hook falls between the bind and the listen, so from the
 * context's CamelContextInitialized on, a watcher looks for the router every millisecond until it finds one.
 */
public abstract class RouterGuard extends EventNotifierSupport {

    private boolean installed;

    protected RouterGuard() {
        setIgnoreExchangeEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public void notify(CamelEvent event) {
        switch (event.getType()) {
            case CamelContextInitialized -> watchForTheRouter();
            case CamelContextStarting, RoutesStarting -> installOnce();
            default -> {
                // installed once; later events are the subclass's
            }
        }
        lifecycle(event);
    }

    /** Puts this guard's handlers on {@code router}, ordered before the routes. */
    protected abstract void install(VertxPlatformHttpRouter router);

    /** What the guard does with a lifecycle event besides installing itself; nothing by default. */
    protected void lifecycle(CamelEvent event) {
    }

    private void watchForTheRouter() {
        Thread watcher = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!installOnce() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }, getClass().getSimpleName() + " router watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Installs on the routers there are, once; true once installed. */
    private synchronized boolean installOnce() {
        if (!installed) {
            for (VertxPlatformHttpRouter router : getCamelContext().getRegistry().findByType(VertxPlatformHttpRouter.class)) {
                install(router);
                installed = true;
            }
        }
        return installed;
    }
}
