package io.orderflow;

import org.apache.camel.main.Main;

/** Runs the flows that ORDERFLOW_SERVICES names (all by default) in one process. */
public final class OrderflowApplication {

    private OrderflowApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(OrderflowApplication.class);
        main.configure().withRoutesIncludePattern(Flows.routesIncludePattern(System.getenv("ORDERFLOW_SERVICES")));
        main.run(args);
    }
}
