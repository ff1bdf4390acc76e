package io.orderflow.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.orderflow.Flows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.orderflow.kubernetes.RenderedManifests.PROJECT;
import static io.orderflow.kubernetes.RenderedManifests.container;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kubernetes/camel-k/: the Camel K Integrations are what ./orderflow camel-k makes of the project now, valid against
 * Camel K's Integration CRD with nothing misspelt, running every flow once on the route files as they are, probing
 * the app's health endpoints, and taking settings and credentials from the ConfigMap and Secret the Deployments use.
 */
class CamelKIntegrationsTest {

    private static final Path FOLDER = PROJECT.resolve(CamelKIntegrations.LOCATION);
    private static final String OVERLAYS = "io.orderflow.kubernetes.KubernetesManifestsTest#overlays";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** configmap:NAME/KEY or secret:NAME/KEY, as the environment and mount traits take them. */
    private static final Pattern REFERENCE = Pattern.compile("(configmap|secret):([a-z0-9][a-z0-9.-]*)(?:/(.+))?");
    private static final Map<String, String> PROBE_PATHS = Map.of("liveness", "/observe/health/live",
            "readiness", "/observe/health/ready", "startup", "/observe/health/live");

    /** The Integrations by their file's name. */
    private static final Map<String, JsonNode> INTEGRATIONS = new TreeMap<>();
    private static final Map<String, RenderedManifests> RENDERED = new TreeMap<>();
    private static JsonSchema schema;

    @BeforeAll
    static void readIntegrationsAndRenderOverlays() throws Exception {
        try (Stream<Path> files = Files.list(FOLDER)) {
            for (Path file : files.filter(file -> !file.endsWith("kustomization.yaml")).sorted().toList()) {
                JsonNode integration = YAML.readTree(file.toFile());
                assertEquals("Integration", integration.path("kind").asText(), file + " holds no Integration");
                INTEGRATIONS.put(file.getFileName().toString(), integration);
            }
        }
        assertFalse(INTEGRATIONS.isEmpty(), "no Integration in " + FOLDER + "; generate them: " + CamelKIntegrations.COMMAND);
        for (String overlay : KubernetesManifestsTest.overlays().toList()) {
            RENDERED.put(overlay, RenderedManifests.render(overlay));
        }
        try (InputStream json = CamelKIntegrationsTest.class.getResourceAsStream("/camel-k/integration-crd-schema.json")) {
            JsonNode crdSchema = new ObjectMapper().readTree(json);
            close(crdSchema);
            // Kubernetes' own keywords tell an API server how to store and merge, nothing to validate here
            JsonMetaSchema kubernetes = JsonMetaSchema.builder(JsonMetaSchema.getV4()).keywords(Stream.of("preserve-unknown-fields",
                    "int-or-string", "list-type", "list-map-keys", "map-type").map(name -> new NonValidationKeyword("x-kubernetes-" + name))
                    .toList()).build();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, factory -> factory.metaSchema(kubernetes)).getSchema(crdSchema);
        }
    }

    @Test
    void filesAreWhatTheGeneratorMakesNow() throws Exception {
        Map<String, String> expected = CamelKIntegrations.render(PROJECT);
        Map<String, String> committed = new TreeMap<>();
        try (Stream<Path> files = Files.list(FOLDER)) {
            for (Path file : files.toList()) {
                committed.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        assertEquals(expected.keySet(), committed.keySet(), "the files of " + FOLDER + "; regenerate them: " + CamelKIntegrations.COMMAND);
        expected.forEach((file, text) -> assertNull(firstDifference(text, committed.get(file)), FOLDER.resolve(file) + " differs from what "
                + "routes/, beans/, application.properties and kubernetes/base make now; regenerate it: " + CamelKIntegrations.COMMAND));
    }

    /** Where two texts first differ, by line, or null: a whole Integration in an assertion message is too long to read. */
    private static String firstDifference(String expected, String actual) {
        List<String> expectedLines = expected.lines().toList();
        List<String> actualLines = actual.lines().toList();
        for (int line = 0; line < Math.max(expectedLines.size(), actualLines.size()); line++) {
            String wanted = line < expectedLines.size() ? expectedLines.get(line) : "(end of file)";
            String found = line < actualLines.size() ? actualLines.get(line) : "(end of file)";
            if (!wanted.equals(found)) {
                return "line " + (line + 1) + ": '" + found + "', expected '" + wanted + "'";
            }
        }
        return expected.equals(actual) ? null : "line ends";
    }

    @Test
    void sourcesAreTheRouteFilesAsTheyAreAndEveryFlowRunsInExactlyOneIntegration() throws IOException {
        Map<String, Path> flowFiles = new TreeMap<>();
        Flows.ALL.forEach(flow -> flowFiles.put(flow + ".camel.yaml", PROJECT.resolve("routes").resolve(flow + ".camel.yaml")));
        // every process loads every route file that is no flow's, and the beans
        Map<String, Path> shared = new TreeMap<>();
        for (String folder : List.of("routes", "beans")) {
            try (Stream<Path> files = Files.list(PROJECT.resolve(folder))) {
                files.filter(file -> !flowFiles.containsKey(file.getFileName().toString()))
                        .forEach(file -> assertNull(shared.put(file.getFileName().toString(), file), "two files named " + file.getFileName()));
            }
        }
        List<String> flows = new ArrayList<>();
        INTEGRATIONS.forEach((name, integration) -> {
            Set<String> sources = new TreeSet<>();
            for (JsonNode source : integration.path("spec").path("sources")) {
                String file = source.path("name").asText();
                assertTrue(sources.add(file), name + " has two sources named " + file);
                Path original = flowFiles.containsKey(file) ? flowFiles.get(file) : shared.get(file);
                assertNotNull(original, name + ": source " + file + " is no file of routes/ or beans/");
                assertArrayEquals(readAllBytes(original), source.path("content").asText().getBytes(StandardCharsets.UTF_8),
                        name + ": source " + file + " differs from " + PROJECT.relativize(original));
            }
            assertTrue(sources.containsAll(shared.keySet()), name + " lacks some of " + shared.keySet());
            sources.stream().filter(flowFiles::containsKey).map(file -> file.replace(".camel.yaml", "")).forEach(flows::add);
        });
        assertEquals(Flows.ALL.stream().sorted().toList(), flows.stream().sorted().toList(), "the flows of the Integrations, together");
    }

    @ParameterizedTest
    @MethodSource(OVERLAYS)
    void eachIntegrationRunsTheFlowsOfTheDeploymentOfItsName(String overlay) {
        Map<String, Set<String>> deployments = new TreeMap<>();
        for (Deployment deployment : RENDERED.get(overlay).flowDeployments()) {
            String services = RENDERED.get(overlay).environment(container(deployment)).get("ORDERFLOW_SERVICES");
            deployments.put(deployment.getMetadata().getName(), new TreeSet<>(List.of(services.split("\\s*,\\s*"))));
        }
        Map<String, Set<String>> integrations = new TreeMap<>();
        INTEGRATIONS.values().forEach(integration -> {
            Set<String> flows = new TreeSet<>();
            integration.path("spec").path("sources").forEach(source -> flows.add(source.path("name").asText().replace(".camel.yaml", "")));
            flows.retainAll(Flows.ALL);
            integrations.put(integration.path("metadata").path("name").asText(), flows);
        });
        assertEquals(deployments, integrations, "flows by Deployment (ORDERFLOW_SERVICES) and by Integration of the same name");
    }

    @Test
    void everyIntegrationIsValidAgainstTheClosedCrdSchema() {
        INTEGRATIONS.forEach((name, integration) -> assertEquals(Set.of(), schema.validate(integration),
                name + " against Camel K's Integration CRD (unknown fields refused)"));
    }

    @Test
    void theClosedSchemaRefusesAMisspeltTrait() {
        JsonNode integration = INTEGRATIONS.values().iterator().next().deepCopy();
        ((ObjectNode) integration.path("spec").path("traits").path("health")).put("livenesProbe", "/observe/health/live");
        assertFalse(schema.validate(integration).isEmpty(), "a misspelt health trait field passed the schema: it is not closed");
    }

    @Test
    void healthProbesAskTheAppsEndpointsOnItsHttpPort() throws IOException {
        int httpPort;
        try (InputStream properties = CamelKIntegrationsTest.class.getResourceAsStream("/application.properties")) {
            httpPort = Integer.parseInt(EnvironmentFile.defaults(properties).get("HTTP_PORT"));
        }
        INTEGRATIONS.forEach((name, integration) -> {
            JsonNode health = integration.path("spec").path("traits").path("health");
            assertTrue(health.path("enabled").asBoolean(), name + ": the health trait is not enabled");
            PROBE_PATHS.forEach((probe, path) -> {
                assertTrue(health.path(probe + "ProbeEnabled").asBoolean(), name + ": no " + probe + " probe");
                assertEquals(path, health.path(probe + "Probe").asText(), name + " " + probe + " probe path");
                assertEquals(httpPort, health.path(probe + "Port").asInt(), name + " " + probe + " probe port against HTTP_PORT");
            });
        });
    }

    @ParameterizedTest
    @MethodSource(OVERLAYS)
    void configMapsAndSecretsAreThoseTheDeploymentOfItsNameTakes(String overlay) {
        RenderedManifests rendered = RENDERED.get(overlay);
        INTEGRATIONS.values().forEach(integration -> {
            String name = integration.path("metadata").path("name").asText();
            Container container = container(rendered.named(Deployment.class, name));
            List<EnvVar> deploymentSecrets = container.getEnv().stream()
                    .filter(variable -> variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null).toList();
            Set<String> secretVariables = new TreeSet<>();
            for (Reference reference : references(integration)) {
                String what = name + " in " + overlay + ": " + reference;
                if (reference.kind().equals("configmap")) {
                    String configMap = container.getEnvFrom().stream().filter(source -> source.getConfigMapRef() != null)
                            .map(source -> source.getConfigMapRef().getName()).filter(reference::names).findFirst()
                            .orElseThrow(() -> new AssertionError(what + " names no ConfigMap the Deployment takes its environment from"));
                    assertTrue(reference.key() == null || rendered.named(ConfigMap.class, configMap).getData().containsKey(reference.key()),
                            what + ": no such key in ConfigMap " + configMap);
                } else {
                    Deployment deployment = rendered.named(Deployment.class, name);
                    String secret = Stream.concat(deploymentSecrets.stream().map(variable -> variable.getValueFrom().getSecretKeyRef())
                                    .map(key -> Map.entry(key.getName(), key.getKey())), mountedSecretFiles(deployment).stream())
                            .filter(key -> reference.names(key.getKey()) && (reference.key() == null || reference.key().equals(key.getValue())))
                            .map(Map.Entry::getKey).findFirst()
                            .orElseThrow(() -> new AssertionError(what + ": the Deployment takes no such Secret or key"));
                    // production renders no Secret: it is created beforehand under the name the Deployments take
                    rendered.find(Secret.class, secret).ifPresent(generated -> assertTrue(
                            reference.key() == null || generated.getData().containsKey(reference.key()), what + ": no such key in Secret " + secret));
                    if (reference.variable() != null) {
                        secretVariables.add(reference.variable());
                    }
                }
            }
            assertEquals(deploymentSecrets.stream().map(EnvVar::getName).collect(Collectors.toCollection(TreeSet::new)), secretVariables,
                    name + " in " + overlay + ": the variables the Deployment and the Integration take from a Secret");
        });
    }

    /** Secret name and key of each file the Deployment mounts from a Secret. */
    static List<Map.Entry<String, String>> mountedSecretFiles(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream().filter(volume -> volume.getSecret() != null)
                .flatMap(volume -> volume.getSecret().getItems().stream()
                        .map(item -> Map.entry(volume.getSecret().getSecretName(), item.getKey())))
                .toList();
    }

    /** configmap:NAME[/KEY] or secret:NAME[/KEY] in the environment trait (setting a variable) or the mount trait. */
    private record Reference(String variable, String kind, String name, String key) {

        /** Whether a rendered object's name is this one's: kustomize suffixes what it generates with a hash. */
        boolean names(String renderedName) {
            return renderedName.equals(name) || renderedName.matches(Pattern.quote(name) + "-[a-z0-9]{10}");
        }
    }

    private static List<Reference> references(JsonNode integration) {
        JsonNode traits = integration.path("spec").path("traits");
        List<Reference> references = new ArrayList<>();
        for (JsonNode entry : traits.path("environment").path("vars")) {
            String[] variable = entry.asText().split("=", 2);
            reference(variable[0], variable[1]).ifPresent(references::add);
        }
        for (String kind : List.of("configs", "resources")) {
            traits.path("mount").path(kind).forEach(mount -> reference(null, mount.asText().replaceFirst("@.*", "")).ifPresent(references::add));
        }
        return references;
    }

    private static Optional<Reference> reference(String variable, String value) {
        Matcher matcher = REFERENCE.matcher(value);
        return matcher.matches() ? Optional.of(new Reference(variable, matcher.group(1), matcher.group(2), matcher.group(3))) : Optional.empty();
    }

    /**
     * Sets additionalProperties: false wherever the CRD lists an object's properties and keeps no unknown ones: an API
     * server prunes an unknown field silently, so a misspelt trait would otherwise pass here and do nothing there.
     */
    private static void close(JsonNode schema) {
        if (!schema.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) schema;
        if (object.has("properties") && !object.has("additionalProperties")
                && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            object.put("additionalProperties", false);
        }
        object.path("properties").forEach(CamelKIntegrationsTest::close);
        close(object.path("items"));
        close(object.path("additionalProperties"));
        for (String combination : List.of("allOf", "anyOf", "oneOf")) {
            object.path(combination).forEach(CamelKIntegrationsTest::close);
        }
    }

    private static byte[] readAllBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
