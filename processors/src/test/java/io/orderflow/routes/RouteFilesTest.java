package io.orderflow.routes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every file in routes/ and beans/ is one Kaoto can open and save without rewriting it: valid against the
 * YAML DSL schema that ships in camel-yaml-dsl (the schema Kaoto edits with), in its canonical form, and
 * with an id on every route and on every step that does business or leaves the process.
 */
class RouteFilesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream json = YamlRoutesBuilderLoader.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(json);
        }
    }

    static Stream<Path> routeFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : List.of("../routes", "../beans")) {
            try (Stream<Path> listed = Files.list(Path.of(folder))) {
                listed.filter(file -> file.toString().endsWith(".camel.yaml")).sorted().forEach(files::add);
            }
        }
        assertFalse(files.isEmpty(), "no route files found");
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void validatesAgainstTheYamlDslSchema(Path file) throws IOException {
        Set<ValidationMessage> problems = schema.validate(YAML.readTree(file.toFile()));
        assertEquals(Set.of(), problems, file + " does not validate against camelYamlDsl.json");
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void isInKaotosCanonicalFormWithIdsWhereTheyMatter(Path file) throws IOException {
        List<String> problems = new ArrayList<>();
        for (JsonNode entry : YAML.readTree(file.toFile())) {
            JsonNode route = entry.get("route");
            if (route != null) {
                if (!route.hasNonNull("id")) {
                    problems.add("a route without an id");
                }
                inspectSteps(route.path("from"), route.path("id").asText(), problems);
            }
        }
        assertEquals(List.of(), problems, file.toString());
    }

    /** Walks every step below {@code node}: endpoints as uri + parameters, ids on business steps and effects. */
    private static void inspectSteps(JsonNode node, String where, List<String> problems) {
        if (node.isArray()) {
            node.forEach(child -> inspectSteps(child, where, problems));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            String kind = field.getKey();
            JsonNode step = field.getValue();
            if (List.of("to", "from").contains(kind)) {
                if (step.isTextual()) {
                    problems.add(where + ": '" + kind + ": " + step.asText() + "' is short form; write uri: (Kaoto's form)");
                } else if (step.path("uri").asText().contains("?")) {
                    problems.add(where + ": " + step.get("uri").asText() + " has its options in the uri; use parameters:");
                } else if (kind.equals("to") && !step.path("uri").asText().startsWith("direct:") && !step.hasNonNull("id")) {
                    problems.add(where + ": the step to " + step.path("uri").asText() + " has no id");
                }
            }
            if (kind.equals("bean") && step.isObject() && !step.hasNonNull("id")) {
                problems.add(where + ": the bean step " + step.path("ref").asText(step.path("beanType").asText()) + "."
                        + step.path("method").asText() + " has no id");
            }
            inspectSteps(step, where, problems);
        }
    }
}
