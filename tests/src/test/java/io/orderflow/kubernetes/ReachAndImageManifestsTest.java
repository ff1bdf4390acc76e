package io.orderflow.kubernetes;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who reaches what in kubernetes/: only the flows reach NATS's client port, Prometheus finds every flow's
 * metrics, and the image runs as the user and on the port the manifests expect.
 */
class ReachAndImageManifestsTest {

    static List<String> overlays() throws Exception {
        return KubernetesManifestsTest.overlays().toList();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyTheFlowsReachTheNatsClientPort(String overlay) throws Exception {
        RenderedManifests rendered = RenderedManifests.render(overlay);
        NetworkPolicy nats = rendered.named(NetworkPolicy.class, "nats");
        assertEquals(Map.of("app.kubernetes.io/name", "nats"), nats.getSpec().getPodSelector().getMatchLabels());
        List<NetworkPolicyIngressRule> clientRules = nats.getSpec().getIngress().stream()
                .filter(rule -> rule.getPorts() == null || rule.getPorts().stream().anyMatch(port -> port.getPort().getIntVal() == 4222))
                .toList();
        assertEquals(1, clientRules.size(), "one rule admits NATS clients: " + clientRules);
        Map<String, String> flowPods = rendered.flowDeployments().get(0).getSpec().getTemplate().getMetadata().getLabels();
        for (NetworkPolicyPeer peer : clientRules.get(0).getFrom()) {
            assertTrue(peer.getNamespaceSelector() == null && peer.getIpBlock() == null
                            && selects(peer.getPodSelector(), flowPods),
                    "NATS clients must be the flows' pods only, not " + peer);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void prometheusScrapesEveryFlowPodsMetrics(String overlay) throws Exception {
        RenderedManifests rendered = RenderedManifests.render(overlay);
        assertEquals(1, rendered.serviceMonitors.size(), "one ServiceMonitor");
        JsonNode spec = rendered.serviceMonitors.get(0).path("spec");
        Map<String, String> serviceLabels = new ObjectMapper().convertValue(spec.path("selector").path("matchLabels"),
                new TypeReference<Map<String, String>>() { });
        List<Service> scraped = rendered.all(Service.class).stream()
                .filter(service -> service.getMetadata().getLabels().entrySet().containsAll(serviceLabels.entrySet())).toList();
        assertEquals(1, scraped.size(), "the ServiceMonitor selects one Service: " + scraped);
        Service metrics = scraped.get(0);
        for (JsonNode endpoint : spec.path("endpoints")) {
            assertEquals("/observe/metrics", endpoint.path("path").asText());
            assertTrue(metrics.getSpec().getPorts().stream().anyMatch(port -> port.getName().equals(endpoint.path("port").asText())
                    && port.getTargetPort().getIntVal() == 8080), "the endpoint's port names the Service's port to 8080");
        }
        for (Deployment flow : rendered.flowDeployments()) {
            Map<String, String> pods = flow.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(pods.entrySet().containsAll(metrics.getSpec().getSelector().entrySet()),
                    metrics.getMetadata().getName() + " does not select " + flow.getMetadata().getName());
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theImageRunsAsTheUserAndOnThePortTheDeploymentsExpect(String overlay) throws Exception {
        String dockerfile = Files.readString(RenderedManifests.PROJECT.resolve("processors/Dockerfile"));
        RenderedManifests rendered = RenderedManifests.render(overlay);
        for (Deployment flow : rendered.flowDeployments()) {
            long user = flow.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();
            assertEquals(Long.toString(user), instruction(dockerfile, "USER"), flow.getMetadata().getName() + " runAsUser");
            assertEquals(rendered.environment(RenderedManifests.container(flow)).get("HTTP_PORT"), instruction(dockerfile, "EXPOSE"));
        }
    }

    private static String instruction(String dockerfile, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "\\s+(\\S+)\\s*$").matcher(dockerfile);
        assertTrue(matcher.find(), "the Dockerfile has no " + name);
        return matcher.group(1);
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        return selector != null && selector.getMatchLabels() != null && !selector.getMatchLabels().isEmpty()
                && labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
    }
}
