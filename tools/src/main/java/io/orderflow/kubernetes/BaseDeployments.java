package io.orderflow.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * What kubernetes/base says, read from its files as they are: the flow Deployments (one per flow group, the
 * single place that groups flows), the keys of each generated ConfigMap, and the namespace.
 */
final class BaseDeployments {

    static final Path BASE = Path.of("kubernetes", "base");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A Deployment that runs flows, with the file of kubernetes/base it is in. */
    record FlowDeployment(String file, JsonNode deployment) {

        String name() {
            return deployment.path("metadata").path("name").asText();
        }

        JsonNode container() {
            JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
            if (containers.size() != 1) {
                throw new IllegalStateException(file + ": a pod of one container expected, not " + containers.size());
            }
            return containers.get(0);
        }

        /** The value of an environment variable the container sets literally, or null. */
        String environment(String name) {
            for (JsonNode variable : container().path("env")) {
                if (variable.path("name").asText().equals(name) && variable.has("value")) {
                    return variable.get("value").asText();
                }
            }
            return null;
        }
    }

    final String namespace;
    final List<FlowDeployment> flowDeployments = new ArrayList<>();
    /** Each ConfigMap the base generates, by name, with its keys in the order of its env file. */
    final Map<String, List<String>> configMapKeys = new LinkedHashMap<>();

    private BaseDeployments(String namespace) {
        this.namespace = namespace;
    }

    static BaseDeployments read(Path project) throws IOException {
        Path base = project.resolve(BASE);
        JsonNode kustomization = YAML.readTree(base.resolve("kustomization.yaml").toFile());
        String namespace = null;
        List<FlowDeployment> deployments = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            for (JsonNode object : YAML.readerFor(JsonNode.class).<JsonNode>readValues(base.resolve(resource.asText()).toFile()).readAll()) {
                String kind = object.path("kind").asText();
                if (kind.equals("Namespace")) {
                    namespace = object.path("metadata").path("name").asText();
                } else if (kind.equals("Deployment")) {
                    FlowDeployment deployment = new FlowDeployment(resource.asText(), object);
                    if (deployment.environment("ORDERFLOW_SERVICES") != null) {
                        deployments.add(deployment);
                    }
                }
            }
        }
        if (namespace == null || deployments.isEmpty()) {
            throw new IllegalStateException(base + " holds no Namespace or no Deployment that sets ORDERFLOW_SERVICES");
        }
        BaseDeployments read = new BaseDeployments(namespace);
        read.flowDeployments.addAll(deployments);
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            // kubectl 1.20's kustomize takes env:, kustomize v5 envs:
            List<String> keys = new ArrayList<>();
            for (JsonNode file : generator.has("envs") ? generator.get("envs") : List.of(generator.path("env"))) {
                if (!file.asText().isEmpty()) {
                    keys.addAll(environmentFileKeys(base.resolve(file.asText())));
                }
            }
            read.configMapKeys.put(generator.path("name").asText(), keys);
        }
        return read;
    }

    private static List<String> environmentFileKeys(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.substring(0, line.indexOf('=')))
                .toList();
    }
}
