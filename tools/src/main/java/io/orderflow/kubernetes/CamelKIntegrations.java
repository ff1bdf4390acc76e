package io.orderflow.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.orderflow.Flows;
import io.orderflow.kubernetes.BaseDeployments.FlowDeployment;
import org.w3c.dom.NodeList;

/**
 * {@code kubernetes/camel-k/}: a Camel K Integration for each flow Deployment of kubernetes/base, under the same
 * name, so Camel K can run the flows instead of the plain Deployments. Everything in it is taken from where it is
 * defined, so it cannot drift: the route and bean files a process of that group loads ({@link Flows}), inline and
 * unchanged; application.properties as Camel properties; the Deployment's ConfigMap keys and Secret keys as
 * environment variables; its JVM options, probes and resources as traits. A test keeps the files equal to this.
 * <p>
 * Usage: {@code CamelKIntegrations} from the project's root (re)writes the folder.
 */
public final class CamelKIntegrations {

    public static final Path LOCATION = Path.of("kubernetes", "camel-k");
    public static final String COMMAND = "./orderflow camel-k";

    private static final String GROUP_ID = "io.orderflow";
    private static final List<String> ARTIFACTS = List.of("orderflow", "camel-jetstream");
    private static final List<String> PROBES = List.of("liveness", "readiness", "startup");
    /** A Kubernetes probe's fields by the health trait's name for them (livenessPeriod, readinessTimeout, ...). */
    private static final Map<String, String> PROBE_FIELDS = new TreeMap<>(Map.of("Period", "periodSeconds", "FailureThreshold",
            "failureThreshold", "SuccessThreshold", "successThreshold", "InitialDelay", "initialDelaySeconds", "Timeout", "timeoutSeconds"));
    /** The container trait's resources by where a Deployment's container has them. */
    private static final Map<String, String> RESOURCES = new TreeMap<>(Map.of("requestCPU", "/requests/cpu", "requestMemory",
            "/requests/memory", "limitCPU", "/limits/cpu", "limitMemory", "/limits/memory"));

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // "2" (cpu) stays a string, as the CRD types it
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private CamelKIntegrations() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            System.err.println("usage: CamelKIntegrations   (run from the project's root; rewrites " + LOCATION + "/)");
            System.exit(2);
        }
        Map<String, String> files = render(Path.of(""));
        Files.createDirectories(LOCATION);
        try (Stream<Path> existing = Files.list(LOCATION)) {
            for (Path stale : existing.filter(file -> !files.containsKey(file.getFileName().toString())).toList()) {
                Files.delete(stale);
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(LOCATION.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        System.out.println("Wrote " + LOCATION + "/: " + String.join(", ", files.keySet()));
    }

    /** The folder's files by name: an Integration per flow Deployment (named like its file in kubernetes/base), a kustomization. */
    public static Map<String, String> render(Path project) throws Exception {
        BaseDeployments base = BaseDeployments.read(project);
        List<String> properties = camelProperties(project.resolve("processors/src/main/resources/application.properties"));
        String version = version(project.resolve("pom.xml"));
        Map<String, String> files = new TreeMap<>();
        for (FlowDeployment deployment : base.flowDeployments) {
            ObjectNode integration = integration(project, deployment, base, properties, version);
            files.put(deployment.file(), "# Generated from routes/, beans/, application.properties and " + BaseDeployments.BASE + "/"
                    + deployment.file() + ": do not edit,\n# regenerate with " + COMMAND + "\n" + YAML.writeValueAsString(integration));
        }
        StringBuilder kustomization = new StringBuilder("# Generated by " + COMMAND + ": the flows as Camel K Integrations, instead of"
                + " the flow Deployments (kubernetes/README.md)\nnamespace: " + base.namespace + "\nresources:\n");
        files.keySet().forEach(file -> kustomization.append("  - ").append(file).append('\n'));
        files.put("kustomization.yaml", kustomization.toString());
        return files;
    }

    private static ObjectNode integration(Path project, FlowDeployment deployment, BaseDeployments base, List<String> properties,
                                          String version) throws IOException {
        ObjectNode integration = YAML.createObjectNode().put("apiVersion", "camel.apache.org/v1").put("kind", "Integration");
        integration.putObject("metadata").put("name", deployment.name())
                .set("labels", deployment.deployment().path("metadata").path("labels"));
        ObjectNode spec = integration.putObject("spec");
        ArrayNode sources = spec.putArray("sources");
        for (String location : Flows.routesIncludePattern(deployment.environment("ORDERFLOW_SERVICES")).split(",")) {
            Path file = Path.of(location.replaceFirst("^classpath:", ""));
            sources.addObject().put("name", file.getFileName().toString())
                    .put("content", Files.readString(project.resolve(file), StandardCharsets.UTF_8));
        }
        ArrayNode dependencies = spec.putArray("dependencies");
        ARTIFACTS.forEach(artifact -> dependencies.add("mvn:" + GROUP_ID + ":" + artifact + ":" + version));
        ObjectNode traits = spec.putObject("traits");
        ObjectNode camel = traits.putObject("camel").put("runtimeProvider", "plain-quarkus");
        properties.forEach(camel.putArray("properties")::add);
        ObjectNode container = traits.putObject("container");
        RESOURCES.forEach((trait, path) -> {
            JsonNode quantity = deployment.container().path("resources").at(path);
            if (!quantity.isMissingNode()) {
                container.put(trait, quantity.asText());
            }
        });
        environment(deployment, base).forEach(traits.putObject("environment").putArray("vars")::add);
        List<String> secretFiles = secretFiles(deployment);
        if (!secretFiles.isEmpty()) {
            secretFiles.forEach(traits.putObject("mount").putArray("resources")::add);
        }
        traits.set("health", health(deployment));
        ArrayNode jvm = traits.putObject("jvm").putArray("options");
        String javaOptions = deployment.environment("JAVA_TOOL_OPTIONS");
        if (javaOptions != null) {
            List.of(javaOptions.trim().split("\\s+")).forEach(jvm::add);
        }
        traits.putObject("prometheus").put("enabled", true);
        return integration;
    }

    /**
     * The Deployment's environment as the environment trait's vars: each key of its ConfigMaps and each Secret key
     * by reference (NAME=configmap:orderflow/NAME), so both run on the same ConfigMap and Secret.
     */
    private static List<String> environment(FlowDeployment deployment, BaseDeployments base) {
        List<String> vars = new ArrayList<>();
        for (JsonNode source : deployment.container().path("envFrom")) {
            String configMap = source.path("configMapRef").path("name").asText();
            List<String> keys = base.configMapKeys.get(configMap);
            if (keys == null) {
                throw new IllegalStateException(deployment.file() + " takes its environment from " + source
                        + ", which is no ConfigMap that " + BaseDeployments.BASE + "/kustomization.yaml generates");
            }
            keys.forEach(key -> vars.add(key + "=configmap:" + configMap + "/" + key));
        }
        for (JsonNode variable : deployment.container().path("env")) {
            String name = variable.path("name").asText();
            JsonNode secret = variable.path("valueFrom").path("secretKeyRef");
            if (!secret.isMissingNode()) {
                vars.add(name + "=secret:" + secret.path("name").asText() + "/" + secret.path("key").asText());
            } else if (variable.has("valueFrom")) {
                throw new IllegalStateException(deployment.file() + ": " + name + " comes from " + variable.get("valueFrom")
                        + ", which the environment trait cannot express");
            } else if (!List.of("ORDERFLOW_SERVICES", "JAVA_TOOL_OPTIONS").contains(name)) {
                vars.add(name + "=" + variable.path("value").asText());
            }
        }
        return vars;
    }

    /**
     * The Secret files the Deployment mounts (such as the HTTP users file), as the mount trait's resources: the same
     * Secret key at the same path (secret:NAME/KEY@PATH). Other volumes (the writable /tmp) need no trait.
     */
    private static List<String> secretFiles(FlowDeployment deployment) {
        List<String> resources = new ArrayList<>();
        JsonNode volumes = deployment.deployment().path("spec").path("template").path("spec").path("volumes");
        for (JsonNode mount : deployment.container().path("volumeMounts")) {
            for (JsonNode volume : volumes) {
                JsonNode secret = volume.path("secret");
                if (volume.path("name").asText().equals(mount.path("name").asText()) && !secret.isMissingNode()) {
                    for (JsonNode item : secret.path("items")) {
                        resources.add("secret:" + secret.path("secretName").asText() + "/" + item.path("key").asText() + "@"
                                + mount.path("mountPath").asText() + "/" + item.path("path").asText());
                    }
                }
            }
        }
        return resources;
    }

    /** The Deployment's probes as the health trait's: path, port (a named port resolved) and timings. */
    private static ObjectNode health(FlowDeployment deployment) {
        ObjectNode health = YAML.createObjectNode().put("enabled", true);
        for (String kind : PROBES) {
            JsonNode probe = deployment.container().path(kind + "Probe");
            if (probe.isMissingNode()) {
                continue;
            }
            JsonNode get = probe.path("httpGet");
            if (get.isMissingNode()) {
                throw new IllegalStateException(deployment.file() + ": the " + kind + " probe is no httpGet, which the health trait needs");
            }
            health.put(kind + "ProbeEnabled", true).put(kind + "Probe", get.path("path").asText()).put(kind + "Port", port(deployment, get.path("port")));
            PROBE_FIELDS.forEach((field, kubernetes) -> {
                if (probe.has(kubernetes)) {
                    health.put(kind + field, probe.get(kubernetes).asInt());
                }
            });
        }
        return health;
    }

    private static int port(FlowDeployment deployment, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode declared : deployment.container().path("ports")) {
            if (declared.path("name").asText().equals(port.asText())) {
                return declared.path("containerPort").asInt();
            }
        }
        throw new IllegalStateException(deployment.file() + ": a probe names port " + port + ", which the container does not declare");
    }

    /**
     * application.properties as {@code key=value} entries in the file's order. Camel K writes them into the properties
     * file its runtime reads (the camel trait's properties), which works alike on both its runtimes and needs no
     * ConfigMap beside the Integration; their {{env:NAME:default}} placeholders then read the variables above.
     */
    private static List<String> camelProperties(Path file) throws IOException {
        List<String> entries = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            // Properties parses comments, escapes and continued lines as Camel does; load() puts in the file's order
            new Properties() {
                @Override
                public synchronized Object put(Object key, Object value) {
                    entries.add(key + "=" + value);
                    return super.put(key, value);
                }
            }.load(in);
        }
        return entries;
    }

    /** The project's version, from the root pom's own {@code <version>}. */
    private static String version(Path pom) throws Exception {
        NodeList elements = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement().getChildNodes();
        for (int i = 0; i < elements.getLength(); i++) {
            if (elements.item(i).getNodeName().equals("version")) {
                return elements.item(i).getTextContent().trim();
            }
        }
        throw new IllegalStateException(pom + " has no <version>");
    }
}
