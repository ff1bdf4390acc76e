package io.orderflow.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.orderflow.Flows;
import io.orderflow.sandbox.nats.NatsServerProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.orderflow.kubernetes.RenderedManifests.container;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kubernetes/: each overlay as {@code kubectl kustomize} renders it holds what the flows and NATS need to run
 * and to scale, with nothing misspelt, and orderflow.env says what application.properties says.
 */
class KubernetesManifestsTest {

    private static final Map<String, RenderedManifests> RENDERED = new TreeMap<>();
    private static final Properties APPLICATION = new Properties();
    /** A StatefulSet pod by its DNS name: nats://<set>-<ordinal>.<service>:<port>. */
    private static final Pattern POD_URL = Pattern.compile("nats://([a-z0-9-]+)-(\\d+)\\.([a-z0-9-]+):(\\d+)");
    /** The NATS user of the topology Job, the only one with the right to declare (nats-users.conf). */
    static final String TOPOLOGY_USER = "orderflow-admin";

    @BeforeAll
    static void renderEveryOverlay() throws Exception {
        try (InputStream properties = KubernetesManifestsTest.class.getResourceAsStream("/application.properties")) {
            APPLICATION.load(properties);
        }
        for (String overlay : overlays().toList()) {
            RENDERED.put(overlay, RenderedManifests.render(overlay));
        }
    }

    static Stream<String> overlays() throws IOException {
        try (Stream<Path> folders = Files.list(RenderedManifests.PROJECT.resolve("kubernetes/overlays"))) {
            return folders.map(folder -> folder.getFileName().toString()).sorted().toList().stream();
        }
    }

    @Test
    void orderflowEnvIsWhatApplicationPropertiesSays() throws IOException {
        assertEquals(EnvironmentFile.fromApplicationProperties(),
                Files.readString(RenderedManifests.PROJECT.resolve(EnvironmentFile.LOCATION)),
                EnvironmentFile.LOCATION + " differs from application.properties; regenerate it: " + EnvironmentFile.COMMAND);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectIsOfAKnownKindWithNoUnknownField(String overlay) {
        RenderedManifests rendered = RENDERED.get(overlay);
        assertEquals(List.of(), rendered.unknownKinds, "kinds the test has no model for");
        assertEquals(List.of(), rendered.unknownFields, "fields Kubernetes' model or KEDA does not know (misspelt or misplaced)");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyFlowRunsInExactlyOneDeployment(String overlay) {
        List<String> flows = new ArrayList<>();
        for (Deployment deployment : RENDERED.get(overlay).flowDeployments()) {
            String services = RENDERED.get(overlay).environment(container(deployment)).get("ORDERFLOW_SERVICES");
            assertNotNull(services, deployment.getMetadata().getName() + " sets no ORDERFLOW_SERVICES, so it would run every flow");
            flows.addAll(List.of(services.split("\\s*,\\s*")));
        }
        assertEquals(Flows.ALL.stream().sorted().toList(), flows.stream().sorted().toList(),
                "the flows the Deployments' ORDERFLOW_SERVICES name, together");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void flowsProbeTheHealthEndpointsAndOutliveTheirShutdown(String overlay) {
        for (Deployment deployment : RENDERED.get(overlay).flowDeployments()) {
            String name = deployment.getMetadata().getName();
            Container container = container(deployment);
            Map<String, String> environment = RENDERED.get(overlay).environment(container);
            int httpPort = Integer.parseInt(environment.get("HTTP_PORT"));
            assertProbe(container, container.getStartupProbe(), "/observe/health/live", httpPort, name + " startupProbe");
            assertProbe(container, container.getLivenessProbe(), "/observe/health/live", httpPort, name + " livenessProbe");
            assertProbe(container, container.getReadinessProbe(), "/observe/health/ready", httpPort, name + " readinessProbe");
            Probe startup = container.getStartupProbe();
            assertTrue(startup.getPeriodSeconds() * startup.getFailureThreshold() >= 120,
                    name + ": the startup probe must give start-up at least 2 minutes to find NATS (NATS_STARTUP_TIMEOUT=0 waits)");
            int shutdown = Integer.parseInt(environment.get("SHUTDOWN_TIMEOUT_SECONDS"));
            long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
            assertTrue(grace >= shutdown + 10, name + ": terminationGracePeriodSeconds " + grace + " leaves no 10 s beyond "
                    + "SHUTDOWN_TIMEOUT_SECONDS " + shutdown + " to stop HTTP and close NATS before SIGKILL");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void flowsRunAsNonRootOnAReadOnlyFilesystemWithinLimits(String overlay) {
        for (Deployment deployment : RENDERED.get(overlay).flowDeployments()) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = container(deployment);
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), name + " runAsNonRoot");
            assertTrue(pod.getSecurityContext().getRunAsUser() != null && pod.getSecurityContext().getRunAsUser() > 0,
                    name + " needs a non-zero runAsUser");
            assertEquals(Boolean.TRUE, container.getSecurityContext().getReadOnlyRootFilesystem(), name + " readOnlyRootFilesystem");
            assertEquals(Boolean.FALSE, container.getSecurityContext().getAllowPrivilegeEscalation(), name + " allowPrivilegeEscalation");
            assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop(), name + " capabilities drop");
            String tmp = container.getVolumeMounts().stream().filter(mount -> mount.getMountPath().equals("/tmp"))
                    .map(mount -> mount.getName()).findFirst().orElseThrow(() -> new AssertionError(name + " mounts nothing writable at /tmp"));
            assertTrue(pod.getVolumes().stream().anyMatch(volume -> volume.getName().equals(tmp) && volume.getEmptyDir() != null),
                    name + ": /tmp must be an emptyDir");
            for (String resource : List.of("cpu", "memory")) {
                assertNotNull(container.getResources().getRequests().get(resource), name + " requests no " + resource);
                assertNotNull(container.getResources().getLimits().get(resource), name + " has no " + resource + " limit");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDurableScalesTheDeploymentThatConsumesIt(String overlay) throws IOException {
        RenderedManifests rendered = RENDERED.get(overlay);
        Map<String, RouteDurables.Durable> durables = RouteDurables.read(APPLICATION);
        Map<String, Set<String>> expected = new TreeMap<>();
        Map<String, Set<String>> found = new TreeMap<>();
        for (Deployment deployment : rendered.flowDeployments()) {
            String name = deployment.getMetadata().getName();
            assertNull(deployment.getSpec().getReplicas(), name + " sets replicas, which every apply would reset under its autoscaler");
            JsonNode scaled = rendered.scaledObjectFor(name).orElseThrow(() -> new AssertionError(name + " has no ScaledObject"));
            List<String> flows = List.of(rendered.environment(container(deployment)).get("ORDERFLOW_SERVICES").split("\\s*,\\s*"));
            Set<String> consumed = new TreeSet<>();
            durables.forEach((durable, where) -> {
                if (flows.contains(where.flow())) {
                    consumed.add(durable + " on " + where.stream());
                }
            });
            expected.put(name, consumed);
            Set<String> triggers = new TreeSet<>();
            for (JsonNode trigger : scaled.path("spec").path("triggers")) {
                if (trigger.path("type").asText().equals("nats-jetstream")) {
                    JsonNode metadata = trigger.path("metadata");
                    triggers.add(metadata.path("consumer").asText() + " on " + metadata.path("stream").asText());
                    assertEquals("$G", metadata.path("account").asText(), name + ": the flows' streams are in the global account");
                    assertMonitoringEndpoint(rendered, scaled, metadata.path("natsServerMonitoringEndpoint").asText());
                }
            }
            found.put(name, triggers);
        }
        assertEquals(expected, found, "each Deployment's nats-jetstream triggers against the durables its flows consume (routes/)");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void natsIsAThreeNodeClusterThatOutlivesTheLossOfOne(String overlay) {
        RenderedManifests rendered = RENDERED.get(overlay);
        StatefulSet nats = rendered.named(StatefulSet.class, "nats");
        assertEquals(3, nats.getSpec().getReplicas(), "NATS nodes");
        assertFalse(nats.getSpec().getVolumeClaimTemplates().isEmpty(), "NATS keeps JetStream on persistent volumes");
        Map<String, String> podLabels = nats.getSpec().getTemplate().getMetadata().getLabels();
        PodDisruptionBudget budget = rendered.named(PodDisruptionBudget.class, "nats");
        assertEquals(1, budget.getSpec().getMaxUnavailable().getIntVal(), "NATS pods a disruption may take at once");
        assertTrue(podLabels.entrySet().containsAll(budget.getSpec().getSelector().getMatchLabels().entrySet()),
                "the PodDisruptionBudget selects the NATS pods");
        var antiAffinity = nats.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity();
        var required = antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution();
        if (overlay.equals("production")) {
            assertTrue(required.stream().anyMatch(term -> term.getTopologyKey().equals("kubernetes.io/hostname")
                            && podLabels.entrySet().containsAll(term.getLabelSelector().getMatchLabels().entrySet())),
                    "production requires the NATS pods on three machines");
        } else {
            assertFalse(required.isEmpty() && antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution().isEmpty(),
                    "NATS pods must at least prefer separate machines");
        }
        Service headless = rendered.named(Service.class, nats.getSpec().getServiceName());
        assertEquals("None", headless.getSpec().getClusterIP(), "the StatefulSet's service gives each pod its DNS name");
        String config = rendered.natsConfig(nats);
        Set<String> routes = new TreeSet<>();
        Matcher route = POD_URL.matcher(config);
        while (route.find()) {
            routes.add(route.group(0));
        }
        Set<String> nodes = new TreeSet<>();
        for (int node = 0; node < 3; node++) {
            nodes.add("nats://nats-" + node + "." + headless.getMetadata().getName() + ":6222");
        }
        assertEquals(nodes, routes, "nats.conf's cluster routes name the StatefulSet's pods");
        Matcher storeDir = Pattern.compile("store_dir\\s*:\\s*(\\S+)").matcher(config);
        assertTrue(storeDir.find(), "nats.conf sets no jetstream store_dir");
        String claim = nats.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
        assertTrue(container(nats.getSpec().getTemplate().getSpec()).getVolumeMounts().stream()
                        .anyMatch(mount -> mount.getName().equals(claim) && Path.of(storeDir.group(1)).startsWith(mount.getMountPath())),
                "JetStream's store_dir " + storeDir.group(1) + " must be on the persistent volume " + claim);
        if (overlay.equals("production")) {
            assertTrue(Pattern.compile("(?m)^\\s*sync_interval\\s*:\\s*always\\s*$").matcher(config).find(),
                    "production NATS syncs every write to disk (jetstream { sync_interval: always })");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void natsServerAcceptsItsConfiguration(String overlay) throws Exception {
        RenderedManifests rendered = RENDERED.get(overlay);
        StatefulSet nats = rendered.named(StatefulSet.class, "nats");
        // the ConfigMap's files side by side, as the pods mount them: nats.conf includes nats-users.conf by a relative path
        Path folder = Files.createTempDirectory("nats-" + overlay + "-");
        try {
            for (Map.Entry<String, String> file : rendered.natsConfigFiles(nats).entrySet()) {
                Files.writeString(folder.resolve(file.getKey()), file.getValue());
            }
            ProcessBuilder check = new ProcessBuilder(NatsServerProcess.executable(), "-t", "-c", folder.resolve("nats.conf").toString())
                    .redirectErrorStream(true);
            // the configuration's variables as the first pod has them, and only those: its name from the downward API,
            // a stand-in for each value from the Secret (nats-server refuses a variable it cannot find)
            check.environment().keySet().removeIf(name -> name.equals("POD_NAME") || name.matches("NATS_\\w+_PASSWORD"));
            for (EnvVar variable : container(nats.getSpec().getTemplate().getSpec()).getEnv()) {
                boolean fromSecret = variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null;
                check.environment().put(variable.getName(), variable.getValue() != null ? variable.getValue()
                        : fromSecret ? "secret-" + variable.getName() : nats.getMetadata().getName() + "-0");
            }
            Process checking = check.start();
            String printed = new String(checking.getInputStream().readAllBytes());
            assertTrue(checking.waitFor(30, TimeUnit.SECONDS), "nats-server -t did not finish");
            assertEquals(0, checking.exitValue(), "nats-server -t on the rendered nats.conf: " + printed);
        } finally {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(folder);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void eachFlowIsItsOwnNatsUserAndOnlyTheTopologyJobDeclares(String overlay) {
        RenderedManifests rendered = RENDERED.get(overlay);
        StatefulSet nats = rendered.named(StatefulSet.class, "nats");
        assertTrue(Pattern.compile("(?m)^\\s*include\\s+\"?(\\./)?" + Pattern.quote(RenderedManifests.NATS_USERS) + "\"?\\s*;?\\s*$")
                .matcher(rendered.natsConfig(nats)).find(), "nats.conf includes no " + RenderedManifests.NATS_USERS + ", so NATS has no users");
        Map<String, String> users = rendered.natsUsers(nats);
        Map<String, String> flowUsers = new TreeMap<>();
        for (Deployment deployment : rendered.flowDeployments()) {
            String name = deployment.getMetadata().getName();
            Map<String, String> environment = rendered.environment(container(deployment));
            String user = environment.get("NATS_USER");
            assertTrue(users.containsKey(user), name + ": NATS_USER " + user + " is no user of " + RenderedManifests.NATS_USERS + " " + users.keySet());
            assertFalse(user.equals(TOPOLOGY_USER), name + " runs as the topology's admin user, with every right");
            String other = flowUsers.put(user, name);
            assertNull(other, name + " and " + other + " share the NATS user " + user + "; each flow group has its own");
            assertEquals(users.get(user), secretKey(container(deployment), "NATS_PASSWORD"),
                    name + ": NATS_PASSWORD from the Secret key named like the variable " + RenderedManifests.NATS_USERS + " reads " + user + "'s password from");
            assertEquals("false", environment.get("NATS_DECLARE_TOPOLOGY"),
                    name + ": its NATS user may not declare streams, buckets or durables; the topology Job does (NATS_DECLARE_TOPOLOGY=false)");
        }
        Container job = container(rendered.named(Job.class, "orderflow-topology").getSpec().getTemplate().getSpec());
        assertEquals(TOPOLOGY_USER, rendered.environment(job).get("NATS_USER"), "the topology Job declares as the admin user");
        assertTrue(users.containsKey(TOPOLOGY_USER), TOPOLOGY_USER + " is no user of " + RenderedManifests.NATS_USERS);
        assertEquals(users.get(TOPOLOGY_USER), secretKey(job, "NATS_PASSWORD"), "the topology Job's NATS_PASSWORD is " + TOPOLOGY_USER + "'s");
        // the NATS pods take every password nats-users.conf reads, each from the Secret key of its name
        Set<String> passwords = new TreeSet<>();
        Matcher variable = Pattern.compile("\\$(NATS_[A-Z0-9_]+_PASSWORD)\\b").matcher(rendered.natsConfigFile(nats, RenderedManifests.NATS_USERS));
        while (variable.find()) {
            passwords.add(variable.group(1));
        }
        users.forEach((user, password) -> assertNotNull(password, user + " has no password: $VARIABLE in " + RenderedManifests.NATS_USERS));
        assertEquals(new TreeSet<>(users.values()), passwords, "the password variables of the users of " + RenderedManifests.NATS_USERS);
        Map<String, String> fromSecret = new TreeMap<>();
        container(nats.getSpec().getTemplate().getSpec()).getEnv().stream()
                .filter(taken -> taken.getValueFrom() != null && taken.getValueFrom().getSecretKeyRef() != null)
                .forEach(taken -> fromSecret.put(taken.getName(), taken.getValueFrom().getSecretKeyRef().getKey()));
        passwords.forEach(password -> assertEquals(password, fromSecret.get(password),
                "the NATS pods take " + password + " from the Secret key of its name, as " + RenderedManifests.NATS_USERS + " reads it"));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void flowsFindNatsAndTheirServicesInsideTheCluster(String overlay) {
        RenderedManifests rendered = RENDERED.get(overlay);
        StatefulSet nats = rendered.named(StatefulSet.class, "nats");
        for (Deployment deployment : rendered.flowDeployments()) {
            Map<String, String> environment = rendered.environment(container(deployment));
            environment.forEach((name, value) -> assertFalse(value.contains("127.0.0.1") || value.contains("localhost"),
                    deployment.getMetadata().getName() + ": " + name + "=" + value + " is the pod itself; the overlay's orderflow.env sets it"));
            for (String server : environment.get("NATS_URL").split("\\s*,\\s*")) {
                URI url = URI.create(server);
                Matcher pod = POD_URL.matcher(server);
                if (pod.matches()) {
                    assertEquals(nats.getSpec().getServiceName(), pod.group(3), server + ": pods have DNS names in the StatefulSet's service");
                    assertTrue(pod.group(1).equals("nats") && Integer.parseInt(pod.group(2)) < nats.getSpec().getReplicas(),
                            server + " names no pod of the StatefulSet nats");
                }
                Service service = rendered.named(Service.class, pod.matches() ? pod.group(3) : url.getHost());
                assertTrue(service.getSpec().getPorts().stream().anyMatch(port -> port.getPort() == url.getPort()),
                        server + ": Service " + service.getMetadata().getName() + " has no such port");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void credentialsComeOnlyFromTheSecret(String overlay) {
        RenderedManifests rendered = RENDERED.get(overlay);
        List<Secret> secrets = rendered.all(Secret.class);
        if (overlay.equals("production")) {
            assertEquals(List.of(), secrets.stream().map(secret -> secret.getMetadata().getName()).toList(),
                    "production carries no secret values: it uses the Secret created beforehand");
        }
        for (ConfigMap config : rendered.all(ConfigMap.class)) {
            assertTrue(config.getData().keySet().stream().noneMatch(EnvironmentFile.SECRETS::contains),
                    config.getMetadata().getName() + " holds a credential; credentials belong in the Secret");
        }
        Map<String, Set<String>> referenced = new HashMap<>();
        // the flows, and the topology Job and NATS, which take from the same Secret
        Map<String, Container> workloads = new TreeMap<>();
        rendered.flowDeployments().forEach(deployment -> workloads.put(deployment.getMetadata().getName(), container(deployment)));
        rendered.all(Job.class).forEach(job -> workloads.put(job.getMetadata().getName(), container(job.getSpec().getTemplate().getSpec())));
        rendered.all(StatefulSet.class).forEach(set -> workloads.put(set.getMetadata().getName(), container(set.getSpec().getTemplate().getSpec())));
        workloads.forEach((name, container) -> {
            Map<String, String> environment = rendered.environment(container);
            container.getEnv().stream().filter(variable -> variable.getValueFrom() != null
                            && variable.getValueFrom().getSecretKeyRef() != null)
                    .forEach(variable -> {
                        var reference = variable.getValueFrom().getSecretKeyRef();
                        if (variable.getName().equals("NATS_PASSWORD")) {
                            assertEquals(natsPasswordKey(environment.get("NATS_USER"), name), reference.getKey(),
                                    name + ": NATS_PASSWORD is the password of the pod's own NATS user (NATS_USER)");
                        } else {
                            assertEquals(variable.getName(), reference.getKey(), name + ": a Secret key is the variable it becomes");
                        }
                        assertTrue(EnvironmentFile.SECRETS.contains(reference.getKey()), reference.getKey() + " is no known credential");
                        referenced.computeIfAbsent(reference.getName(), secret -> new TreeSet<>()).add(reference.getKey());
                    });
        });
        for (Deployment deployment : rendered.flowDeployments()) {
            // files such as the HTTP users file, mounted from the same Secret
            CamelKIntegrationsTest.mountedSecretFiles(deployment).forEach(file ->
                    referenced.computeIfAbsent(file.getKey(), secret -> new TreeSet<>()).add(file.getValue()));
        }
        assertEquals(1, referenced.size(), "the flows, the topology Job and NATS take their credentials from one Secret: " + referenced);
        String secretName = referenced.keySet().iterator().next();
        if (secrets.isEmpty()) {
            assertEquals("orderflow-secrets", secretName, "the Secret kubernetes/README.md tells production to create");
        } else {
            assertEquals(referenced.get(secretName), rendered.named(Secret.class, secretName).getData().keySet(),
                    "the keys of the generated Secret against those the Deployments, the Job and the StatefulSet take");
        }
    }

    /** The Secret key a container takes a variable from, or null. */
    private static String secretKey(Container container, String variable) {
        return container.getEnv().stream().filter(taken -> taken.getName().equals(variable) && taken.getValueFrom() != null
                        && taken.getValueFrom().getSecretKeyRef() != null)
                .map(taken -> taken.getValueFrom().getSecretKeyRef().getKey()).findFirst().orElse(null);
    }

    /** The Secret key of a NATS user's password: NATS_API_PASSWORD for orderflow-api, as nats-users.conf reads it. */
    private static String natsPasswordKey(String user, String workload) {
        assertNotNull(user, workload + " takes NATS_PASSWORD but sets no NATS_USER");
        Matcher group = Pattern.compile("orderflow-([a-z]+)").matcher(user);
        assertTrue(group.matches(), workload + ": NATS_USER " + user + " is no orderflow-<group> user");
        return "NATS_" + group.group(1).toUpperCase(Locale.ROOT) + "_PASSWORD";
    }

    private static void assertProbe(Container container, Probe probe, String path, int httpPort, String what) {
        assertNotNull(probe, what + " is missing");
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, what + " must be an HTTP GET");
        assertEquals(path, get.getPath(), what + " path");
        Integer port = get.getPort().getIntVal() != null ? get.getPort().getIntVal() : container.getPorts().stream()
                .filter(named -> get.getPort().getStrVal().equals(named.getName())).map(named -> named.getContainerPort())
                .findFirst().orElseThrow(() -> new AssertionError(what + " names port " + get.getPort().getStrVal() + ", which the container lacks"));
        assertEquals(httpPort, port, what + " port against HTTP_PORT");
    }

    private static void assertMonitoringEndpoint(RenderedManifests rendered, JsonNode scaled, String endpoint) {
        String namespace = scaled.path("metadata").path("namespace").asText();
        Matcher host = Pattern.compile("([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc\\.cluster\\.local:(\\d+)").matcher(endpoint);
        assertTrue(host.matches(), endpoint + ": KEDA runs in its own namespace and needs <service>.<namespace>.svc.cluster.local:<port>");
        assertEquals(namespace, host.group(2), endpoint + " is not in the ScaledObject's namespace");
        // KEDA may reach the consumer's leader as <server_name>.<endpoint>, which only the StatefulSet's service resolves
        assertEquals(rendered.named(StatefulSet.class, "nats").getSpec().getServiceName(), host.group(1), endpoint);
        List<ServicePort> ports = rendered.named(Service.class, host.group(1)).getSpec().getPorts();
        assertTrue(ports.stream().anyMatch(port -> port.getPort() == Integer.parseInt(host.group(3))
                && "monitor".equals(port.getTargetPort().getStrVal())), endpoint + " is not the NATS monitoring port");
    }
}
