package io.orderflow.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The durable consumers the route files declare: what the ScaledObjects must scale on. */
final class RouteDurables {

    /** A durable's flow (the name of its route file) and its stream. */
    record Durable(String flow, String stream) {
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]+)}}");

    private RouteDurables() {
    }

    /** Every durable of a {@code jetstream:} consumer in routes/, by name; stream placeholders resolved in {@code application}. */
    static Map<String, Durable> read(Properties application) throws IOException {
        Map<String, Durable> durables = new TreeMap<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> files = Files.list(RenderedManifests.PROJECT.resolve("routes"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".camel.yaml")).toList()) {
                String flow = file.getFileName().toString().replace(".camel.yaml", "");
                for (JsonNode entry : yaml.readTree(file.toFile())) {
                    JsonNode from = entry.path("route").path("from");
                    JsonNode durable = from.path("parameters").path("durable");
                    if (from.path("uri").asText().startsWith("jetstream:") && durable.isTextual()) {
                        String stream = resolve(from.path("parameters").path("stream").asText(), application);
                        durables.put(durable.asText(), new Durable(flow, stream));
                    }
                }
            }
        }
        if (durables.isEmpty()) {
            throw new AssertionError("no durable consumer found in routes/");
        }
        return durables;
    }

    private static String resolve(String value, Properties application) {
        String resolved = PLACEHOLDER.matcher(value).replaceAll(placeholder -> Matcher.quoteReplacement(
                application.getProperty(placeholder.group(1), placeholder.group(0)).trim()));
        if (resolved.isEmpty() || resolved.contains("{{")) {
            throw new AssertionError("'" + value + "' does not resolve to a stream name through application.properties");
        }
        return resolved;
    }
}
