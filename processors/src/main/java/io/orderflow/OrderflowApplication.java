package io.orderflow;

import org.apache.camel.main.Main;

/** Runs the flows that ORDERFLOW_SERVICES names (all by default) in one process. */
public final class OrderflowApplication {

    private OrderflowApplication() {
    }

    public static void main(String[] args) {
        // no package scan: routes are the YAML files, beans are declared in beans.camel.yaml
        Main main = new Main();
        try {
            main.configure().withRoutesIncludePattern(Flows.routesIncludePattern(System.getenv("ORDERFLOW_SERVICES")));
            main.run(args);
        } catch (Exception e) {
            // the NATS connection's threads would keep a half-started JVM alive: exit, so it gets restarted
            System.err.println("Orderflow failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }
}
