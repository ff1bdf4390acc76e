package io.orderflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.orderflow.jetstream.JetStreamEndpoint;
import org.apache.camel.Route;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./orderflow topology}, and the Job in kubernetes/: declares the streams, the KV buckets and every flow's
 * durable consumer, from the same configuration and route files as the flows, then exits without consuming
 * anything (no route starts). The flows declare what they use at start-up too, idempotently; this step prepares
 * NATS before any of them starts.
 */
public final class TopologyCommand {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyCommand.class);

    private TopologyCommand() {
    }

    public static void main(String[] args) {
        try {
            declare(Map.of());
            System.exit(0);
        } catch (Exception e) {
            LOG.error("The topology was not declared: {}", e.toString());
            System.exit(1);
        }
    }

    /** Declares everything, with {@code overrides} on top of application.properties; answers the durables. */
    public static List<String> declare(Map<String, String> overrides) throws Exception {
        Main main = new Main();
        main.configure().withRoutesIncludePattern(Flows.routesIncludePattern("all"));
        // the routes are built, so their durables are known, but none starts: nothing is consumed
        main.configure().withAutoStartup(false);
        main.addOverrideProperty("camel.server.enabled", "false");
        main.addOverrideProperty("camel.management.enabled", "false");
        // it serves no HTTP: there is no caller to authenticate
        main.addOverrideProperty("orderflow.http.auth", "off");
        // declaring is what it is for, whatever the flows' own setting says
        main.addOverrideProperty("orderflow.nats.declare-topology", "true");
        overrides.forEach(main::addOverrideProperty);
        // building the beans declares the streams and buckets (jetStreamTopology)
        main.start();
        try {
            List<String> durables = new ArrayList<>();
            for (Route route : main.getCamelContext().getRoutes()) {
                if (route.getEndpoint() instanceof JetStreamEndpoint jetStream) {
                    jetStream.declareDurable();
                    durables.add(jetStream.getConfiguration().getStream() + " " + jetStream.getConfiguration().getDurable());
                }
            }
            LOG.info("Declared the streams, the buckets and {} durable consumers: {}", durables.size(), durables);
            return durables;
        } finally {
            main.stop();
        }
    }
}
