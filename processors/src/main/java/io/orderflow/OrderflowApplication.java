package io.orderflow;

import io.orderflow.observability.Tracing;
import org.apache.camel.main.Main;
import org.apache.logging.log4j.jul.Log4jBridgeHandler;

/** Runs the flows that ORDERFLOW_SERVICES names (all by default) in one process. */
public final class OrderflowApplication {

    private OrderflowApplication() {
    }

    public static void main(String[] args) {
        // java.util.logging (the OpenTelemetry SDK's) into log4j, so that every line has the same format
        Log4jBridgeHandler.install(true, null, true);
        // no package scan: routes are the YAML files, beans are declared in beans.camel.yaml
        Main main = new Main();
        try {
            main.configure().withRoutesIncludePattern(Flows.routesIncludePattern(System.getenv("ORDERFLOW_SERVICES")));
            // traces only when an OTEL_* variable asks for them
            Tracing.enable(main);
            main.run(args);
        } catch (Exception e) {
            // the NATS connection's threads would keep a half-started JVM alive: exit, so it gets restarted
            System.err.println("Orderflow failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }
}
