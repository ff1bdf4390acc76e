package io.orderflow.kubernetes;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.orderflow.TopologyCommand;
import io.orderflow.sandbox.nats.NatsServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The topology step: {@code ./orderflow topology} declares every stream, bucket and durable the route files use on
 * an empty NATS and consumes nothing; the Job in kubernetes/ runs that command with the flows' image and
 * configuration, as the NATS admin user of nats-users.conf (the flows' own users may not declare).
 */
class TopologyJobTest {

    static List<String> overlays() throws Exception {
        return KubernetesManifestsTest.overlays().toList();
    }

    @Test
    void theCommandDeclaresEveryDurableOfTheRouteFilesAndConsumesNothing() throws Exception {
        Properties application = new Properties();
        try (InputStream properties = TopologyJobTest.class.getResourceAsStream("/application.properties")) {
            application.load(properties);
        }
        Map<String, RouteDurables.Durable> expected = RouteDurables.read(application);
        try (NatsServerProcess nats = new NatsServerProcess()) {
            List<String> declared = TopologyCommand.declare(Map.of("orderflow.nats.url", nats.url(),
                    "orderflow.nats.startup-timeout", "10s"));
            assertEquals(expected.size(), declared.size(), "durables declared: " + declared);
            try (Connection client = Nats.connect(nats.url())) {
                JetStreamManagement management = client.jetStreamManagement();
                client.jetStream().publish("orders.created.waiting", "{}".getBytes(StandardCharsets.UTF_8));
                for (Map.Entry<String, RouteDurables.Durable> durable : expected.entrySet()) {
                    ConsumerInfo consumer = management.getConsumerInfo(durable.getValue().stream(), durable.getKey());
                    assertEquals(0, consumer.getDelivered().getConsumerSequence(), durable.getKey() + " delivered something");
                }
                Set<String> buckets = management.getStreamNames().stream().filter(name -> name.startsWith("KV_"))
                        .collect(Collectors.toCollection(TreeSet::new));
                assertEquals(Set.of("KV_charge-decisions", "KV_notifications-sent", "KV_reservations", "KV_stock"), buckets);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theJobRunsTheCommandAsTheFlowsRun(String overlay) throws Exception {
        RenderedManifests rendered = RenderedManifests.render(overlay);
        Job job = rendered.named(Job.class, "orderflow-topology");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        List<String> command = container.getCommand();
        Class.forName(command.get(command.size() - 1));
        assertTrue(command.contains("/app/orderflow.jar:/app/lib/*"), "the image's classpath (processors/Dockerfile): " + command);
        assertTrue(List.of("OnFailure", "Never").contains(pod.getRestartPolicy()));
        Deployment flows = rendered.flowDeployments().get(0);
        PodSpec flowPod = flows.getSpec().getTemplate().getSpec();
        assertEquals(RenderedManifests.container(flows).getImage(), container.getImage(), "the flows' image");
        assertEquals(flowPod.getSecurityContext(), pod.getSecurityContext(), "the flows' pod security context");
        assertEquals(RenderedManifests.container(flows).getEnvFrom(), container.getEnvFrom(), "the flows' configuration");
        // the flows' kind of NATS identity (user and password from the same Secret), as the admin user
        assertEquals(natsIdentity(RenderedManifests.container(flows)).stream().map(EnvVar::getName)
                        .filter(name -> !name.equals("NATS_DECLARE_TOPOLOGY")).sorted().toList(),
                natsIdentity(container).stream().map(EnvVar::getName).sorted().toList(), "the flows' NATS identity variables");
        Map<String, String> users = rendered.natsUsers(rendered.named(StatefulSet.class, "nats"));
        assertEquals(KubernetesManifestsTest.TOPOLOGY_USER, rendered.environment(container).get("NATS_USER"), "the Job's NATS user");
        assertTrue(users.containsKey(KubernetesManifestsTest.TOPOLOGY_USER), "nats-users.conf defines no " + KubernetesManifestsTest.TOPOLOGY_USER);
        SecretKeySelector password = passwordReference(container);
        SecretKeySelector flowsPassword = passwordReference(RenderedManifests.container(flows));
        assertEquals(flowsPassword.getName(), password.getName(), "the Job's NATS_PASSWORD comes from the flows' Secret");
        assertEquals(users.get(KubernetesManifestsTest.TOPOLOGY_USER), password.getKey(),
                "the Job's NATS_PASSWORD is " + KubernetesManifestsTest.TOPOLOGY_USER + "'s, as nats-users.conf reads it");
        assertEquals(Boolean.TRUE, container.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(flows.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name"),
                job.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name"),
                "the label the NATS NetworkPolicy admits");
    }

    private static SecretKeySelector passwordReference(Container container) {
        return container.getEnv().stream().filter(variable -> variable.getName().equals("NATS_PASSWORD") && variable.getValueFrom() != null)
                .map(variable -> variable.getValueFrom().getSecretKeyRef()).filter(reference -> reference != null).findFirst()
                .orElseThrow(() -> new AssertionError("NATS_PASSWORD does not come from a Secret"));
    }

    private static List<EnvVar> natsIdentity(Container container) {
        return container.getEnv().stream().filter(variable -> variable.getName().startsWith("NATS_")).toList();
    }
}
