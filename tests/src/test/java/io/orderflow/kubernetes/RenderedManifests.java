package io.orderflow.kubernetes;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * One overlay as {@code kubectl kustomize} renders it: the core objects in fabric8's typed model, KEDA's
 * ScaledObjects as they are (no model of them is available here).
 */
final class RenderedManifests {

    static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    static final String SCALED_OBJECT = "keda.sh/v1alpha1/ScaledObject";
    static final String SERVICE_MONITOR = "monitoring.coreos.com/v1/ServiceMonitor";
    /** The NATS users and their permissions (kubernetes/base/nats-users.conf), a file of the NATS ConfigMap. */
    static final String NATS_USERS = "nats-users.conf";

    private static final Pattern NATS_USER_LINE = Pattern.compile("\\s*user\\s*[:=]\\s*\"?([A-Za-z0-9_.-]+)\"?\\s*,?\\s*");
    private static final Pattern NATS_PASSWORD_LINE = Pattern.compile("\\s*password\\s*[:=]\\s*\"?\\$([A-Za-z0-9_]+)\"?\\s*,?\\s*");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The kinds the manifests may hold, by apiVersion and kind: a wrong apiVersion is an unknown kind. */
    private static final Map<String, Class<? extends HasMetadata>> MODELS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "batch/v1/Job", Job.class);
    /** The ScaledObject keys KEDA 2 knows (its CRD, its scalers' metadata); an API server or KEDA drops others silently. */
    private static final Set<String> SCALED_OBJECT_SPEC = Set.of("scaleTargetRef", "minReplicaCount", "maxReplicaCount",
            "pollingInterval", "cooldownPeriod", "idleReplicaCount", "initialCooldownPeriod", "fallback", "advanced", "triggers");
    private static final Set<String> TRIGGER = Set.of("type", "name", "metadata", "metricType", "authenticationRef", "useCachedMetrics");
    private static final Map<String, Set<String>> TRIGGER_METADATA = Map.of(
            "nats-jetstream", Set.of("natsServerMonitoringEndpoint", "account", "stream", "consumer", "lagThreshold",
                    "activationLagThreshold", "useHttps"),
            "cpu", Set.of("value", "containerName"));

    /** The ServiceMonitor keys the Prometheus Operator's CRD has that these manifests may use. */
    private static final Set<String> SERVICE_MONITOR_SPEC = Set.of("selector", "endpoints", "namespaceSelector", "jobLabel");
    private static final Set<String> SERVICE_MONITOR_ENDPOINT = Set.of("port", "path", "interval", "scrapeTimeout", "scheme");

    final String overlay;
    final List<HasMetadata> objects = new ArrayList<>();
    final List<JsonNode> scaledObjects = new ArrayList<>();
    final List<JsonNode> serviceMonitors = new ArrayList<>();
    /** Where an object holds keys its model (or KEDA) does not know: a misspelt or misplaced field. */
    final List<String> unknownFields = new ArrayList<>();
    final List<String> unknownKinds = new ArrayList<>();

    private RenderedManifests(String overlay, String rendered) throws IOException {
        this.overlay = overlay;
        for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(rendered).readAll()) {
            String kind = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
            String name = kind + " " + document.path("metadata").path("name").asText();
            if (kind.equals(SCALED_OBJECT)) {
                collectUnknownKeys(document.path("spec"), SCALED_OBJECT_SPEC, name + ".spec");
                for (JsonNode trigger : document.path("spec").path("triggers")) {
                    String type = trigger.path("type").asText();
                    collectUnknownKeys(trigger, TRIGGER, name + " trigger");
                    // KEDA ignores a metadata key it does not know: a misspelt lagThreshold would silently be 10
                    collectUnknownKeys(trigger.path("metadata"), TRIGGER_METADATA.getOrDefault(type, Set.of()), name + " " + type);
                }
                scaledObjects.add(document);
            } else if (kind.equals(SERVICE_MONITOR)) {
                collectUnknownKeys(document.path("spec"), SERVICE_MONITOR_SPEC, name + ".spec");
                for (JsonNode endpoint : document.path("spec").path("endpoints")) {
                    collectUnknownKeys(endpoint, SERVICE_MONITOR_ENDPOINT, name + " endpoint");
                }
                serviceMonitors.add(document);
            } else if (MODELS.containsKey(kind)) {
                HasMetadata object = YAML.treeToValue(document, MODELS.get(kind));
                collectUnknownFields(object, name, unknownFields);
                objects.add(object);
            } else {
                unknownKinds.add(name);
            }
        }
    }

    static RenderedManifests render(String overlay) throws IOException, InterruptedException {
        Path output = Files.createTempFile("kustomize-" + overlay + "-", ".yaml");
        Path errors = Files.createTempFile("kustomize-" + overlay + "-", ".err");
        try {
            Process kubectl = new ProcessBuilder(kubectl(), "kustomize", "kubernetes/overlays/" + overlay)
                    .directory(PROJECT.toFile())
                    .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            if (!kubectl.waitFor(2, TimeUnit.MINUTES)) {
                kubectl.destroyForcibly();
                throw new AssertionError("kubectl kustomize kubernetes/overlays/" + overlay + " did not finish in 2 minutes");
            }
            if (kubectl.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize kubernetes/overlays/" + overlay + " failed: " + Files.readString(errors));
            }
            return new RenderedManifests(overlay, Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.delete(output);
            Files.delete(errors);
        }
    }

    private static String kubectl() {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(folder, "kubectl");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        throw new AssertionError("kubectl is not on the PATH; the test renders kubernetes/ with 'kubectl kustomize'. ./orderflow test fetches Debian's into .kubectl/; or install it: "
                + "apt-get install kubernetes-client (Debian), or see https://kubernetes.io/docs/tasks/tools/");
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(object -> object.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(overlay + " renders no " + type.getSimpleName() + " " + name));
    }

    /** The Deployments running the orderflow image (whatever its registry and tag): one per flow group. */
    List<Deployment> flowDeployments() {
        List<Deployment> deployments = all(Deployment.class).stream()
                .filter(deployment -> container(deployment).getImage().replaceFirst(":[^/]*$", "").matches("(.*/)?orderflow"))
                .toList();
        if (deployments.isEmpty()) {
            throw new AssertionError(overlay + " renders no Deployment of the orderflow image");
        }
        return deployments;
    }

    static Container container(Deployment deployment) {
        return container(deployment.getSpec().getTemplate().getSpec());
    }

    static Container container(PodSpec pod) {
        if (pod.getContainers().size() != 1) {
            throw new AssertionError("a pod of one container expected, not " + pod.getContainers().size());
        }
        return pod.getContainers().get(0);
    }

    /** nats.conf from the ConfigMap the NATS pods mount. */
    String natsConfig(StatefulSet nats) {
        return natsConfigFile(nats, "nats.conf");
    }

    /** A file of the ConfigMap the NATS pods mount (nats.conf, the nats-users.conf it includes). */
    String natsConfigFile(StatefulSet nats, String file) {
        return Optional.ofNullable(natsConfigFiles(nats).get(file))
                .orElseThrow(() -> new AssertionError("the ConfigMap the NATS pods mount has no " + file));
    }

    /** Every file of the ConfigMap the NATS pods mount, by name: the pods see them side by side in one folder. */
    Map<String, String> natsConfigFiles(StatefulSet nats) {
        String configMap = nats.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> volume.getConfigMap() != null).findFirst()
                .orElseThrow(() -> new AssertionError("the NATS pods mount no ConfigMap")).getConfigMap().getName();
        return named(ConfigMap.class, configMap).getData();
    }

    /**
     * The users of nats-users.conf, as the NATS pods have it, each with the variable its password is read from
     * ({@code user: <name>} and the {@code password: $<VARIABLE>} that follows it).
     */
    Map<String, String> natsUsers(StatefulSet nats) {
        Map<String, String> users = new LinkedHashMap<>();
        String user = null;
        for (String line : natsConfigFile(nats, NATS_USERS).lines().toList()) {
            Matcher name = NATS_USER_LINE.matcher(line);
            Matcher password = NATS_PASSWORD_LINE.matcher(line);
            if (name.matches()) {
                user = name.group(1);
                users.put(user, null);
            } else if (password.matches() && user != null) {
                users.put(user, password.group(1));
                user = null;
            }
        }
        if (users.isEmpty()) {
            throw new AssertionError(NATS_USERS + " defines no user");
        }
        return users;
    }

    Optional<JsonNode> scaledObjectFor(String deployment) {
        return scaledObjects.stream()
                .filter(scaled -> scaled.path("spec").path("scaleTargetRef").path("name").asText().equals(deployment))
                .findFirst();
    }

    /**
     * The container's environment with a literal value: its ConfigMaps' entries, then its own {@code value}s,
     * which win, as in the kubelet. Values from Secrets or the downward API are left out.
     */
    Map<String, String> environment(Container container) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                environment.putAll(named(ConfigMap.class, source.getConfigMapRef().getName()).getData());
            }
        }
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() == null) {
                environment.put(variable.getName(), variable.getValue());
            }
        }
        return environment;
    }

    private void collectUnknownKeys(JsonNode node, Set<String> known, String where) {
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                unknownFields.add(where + "." + key);
            }
        });
    }

    /** What fabric8 puts aside as additional properties anywhere in the object, by path. */
    private static void collectUnknownFields(Object value, String path, List<String> unknown) {
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + index++ + "]", unknown);
            }
        } else if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, item) -> collectUnknownFields(item, path + "." + key, unknown));
        } else if (value != null && value.getClass().getName().startsWith("io.fabric8.")) {
            BeanDescription bean = YAML.getSerializationConfig().introspect(YAML.constructType(value.getClass()));
            AnnotatedMember additional = bean.findAnyGetter();
            if (additional != null && additional.getValue(value) instanceof Map<?, ?> extra) {
                extra.keySet().forEach(key -> unknown.add(path + "." + key));
            }
            for (BeanPropertyDefinition property : bean.findProperties()) {
                if (property.hasGetter()) {
                    collectUnknownFields(property.getGetter().getValue(value), path + "." + property.getName(), unknown);
                }
            }
        }
    }
}
