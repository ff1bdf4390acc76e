package io.orderflow.jetstream;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The doc page lists every option and header that the build found in the component's annotations
 * (the JSON schema camel-component-maven-plugin writes), so that it cannot fall behind the code.
 */
class ComponentDocumentationTest {

    private static final Set<String> CAMEL_STANDARD = Set.of("bridgeErrorHandler", "exceptionHandler", "exchangePattern",
            "lazyStartProducer", "autowiredEnabled");

    @Test
    void theDocPageHasARowForEveryOptionAndHeader() throws Exception {
        String doc = Files.readString(Path.of("src/main/docs/jetstream-component.adoc"));
        JsonObject schema;
        try (InputStream json = getClass().getResourceAsStream("/META-INF/io/orderflow/jetstream/jetstream.json")) {
            schema = (JsonObject) Jsoner.deserialize(new String(json.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<String> missing = new ArrayList<>();
        for (String section : List.of("componentProperties", "properties", "headers")) {
            for (Object name : schema.getMap(section).keySet()) {
                if (!CAMEL_STANDARD.contains(name) && !doc.contains("| `" + name + "` |")) {
                    missing.add(section + "." + name);
                }
            }
        }
        assertEquals(List.of(), missing, "options missing from jetstream-component.adoc");
    }
}
