package io.orderflow.kubernetes;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * kubernetes/monitoring/: promtool accepts the alert rules and their unit tests pass, the rules hold every alert
 * by the name operators route and silence on, and the dashboard and the rules query only metrics the flows export.
 */
class MonitoringRulesTest {

    private static final String RULES = "kubernetes/monitoring/orderflow-alerts.yaml";
    private static final String RULE_TESTS = "kubernetes/monitoring/orderflow-alerts.test.yaml";
    private static final String DASHBOARD = "kubernetes/monitoring/orderflow-dashboard.json";

    /** Alertmanager routes, silences and runbooks refer to these names: renaming one silently breaks them. */
    private static final Set<String> ALERTS = Set.of("OrderflowDeadLettersPresent", "OrderflowDeadLetterStreamFilling",
            "OrderflowConsumerLagGrowing", "OrderflowPaymentBreakerOpen", "OrderflowOrdersPendingTooLong",
            "OrderflowNoOrdersCompleted");

    /** Counters and gauges /observe/metrics exports, by their Prometheus name. */
    private static final Set<String> EXPORTED = Set.of(
            "orderflow_orders_accepted_total", "orderflow_orders_confirmed_total", "orderflow_orders_cancelled_total",
            "orderflow_events_stored_total", "orderflow_dead_letters_written_total",
            "orderflow_dead_letter_stream_messages", "orderflow_dead_letter_stream_bytes", "orderflow_dead_letter_stream_max_bytes",
            "jetstream_consumer_messages_total", "jetstream_consumer_redeliveries_total",
            "jetstream_consumer_pending_messages", "jetstream_consumer_ack_pending_messages",
            "jetstream_consumer_oldest_unacked_age_seconds",
            "resilience4j_circuitbreaker_state", "resilience4j_circuitbreaker_not_permitted_calls_total",
            "jvm_memory_used_bytes", "jvm_memory_max_bytes", "jvm_threads_live_threads",
            "process_cpu_usage", "system_cpu_usage", "process_uptime_seconds", "process_files_open_files",
            "camel_exchanges_total", "camel_exchanges_failed_total", "camel_exchanges_succeeded_total");
    /** Histograms and Micrometer timers, by base name: queries read their series with a suffix. */
    private static final Set<String> HISTOGRAMS = Set.of(
            "payment_process_duration_seconds", "jvm_gc_pause_seconds", "resilience4j_circuitbreaker_calls_seconds");
    /** Micrometer's timers add _max to a histogram's _bucket, _sum and _count. */
    private static final Pattern HISTOGRAM_SERIES = Pattern.compile("(.+)_(bucket|sum|count|max)");
    /**
     * A name of the exported families, wherever it stands in an expression. {@code \b} keeps the suffix of a longer
     * name ({@code payment_process_...}) from counting as a name of its own, as {@code _} is a word character.
     */
    private static final Pattern METRIC = Pattern.compile("\\b(?:orderflow|jetstream|payment|resilience4j|jvm|process|system|camel)_[a-z_]+");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        promtool("check", "rules", RULES);
    }

    @Test
    void theRulesUnitTestsPass() throws Exception {
        promtool("test", "rules", RULE_TESTS);
    }

    @Test
    void theRulesHoldEveryAlertByItsName() throws IOException {
        Set<String> found = new TreeSet<>();
        for (JsonNode rule : rules()) {
            if (rule.hasNonNull("alert")) {
                found.add(rule.path("alert").asText());
            }
        }
        Set<String> missing = new TreeSet<>(ALERTS);
        missing.removeAll(found);
        assertEquals(Set.of(), missing, "alerts missing from " + RULES + " (it has " + found + ")");
    }

    @Test
    void theRulesQueryOnlyExportedMetrics() throws IOException {
        Map<String, String> expressions = new TreeMap<>();
        for (JsonNode rule : rules()) {
            String name = rule.hasNonNull("alert") ? rule.path("alert").asText() : rule.path("record").asText();
            expressions.put(name, rule.path("expr").asText());
        }
        assertFalse(expressions.isEmpty(), RULES + " holds no rule");
        assertEquals(Map.of(), unknownMetrics(expressions), RULES + ": rules whose expressions name metrics /observe/metrics does not export");
    }

    @Test
    void theDashboardQueriesOnlyExportedMetrics() throws IOException {
        JsonNode dashboard = JSON.readTree(RenderedManifests.PROJECT.resolve(DASHBOARD).toFile());
        assertEquals("orderflow", dashboard.path("uid").asText(), DASHBOARD + " uid: links to the dashboard use it");
        Map<String, String> expressions = new TreeMap<>();
        List<String> withoutQuery = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            String title = panel.path("title").asText();
            for (JsonNode target : panel.path("targets")) {
                expressions.put(title + " " + target.path("refId").asText(), target.path("expr").asText());
            }
            if (!panel.path("targets").elements().hasNext()) {
                withoutQuery.add(title);
            }
        }
        assertEquals(List.of(), withoutQuery, DASHBOARD + ": panels with no query");
        assertEquals(Map.of(), unknownMetrics(expressions), DASHBOARD + ": targets whose expressions name metrics /observe/metrics does not export");
    }

    private static List<JsonNode> rules() throws IOException {
        JsonNode file = YAML.readTree(RenderedManifests.PROJECT.resolve(RULES).toFile());
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : file.path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        return rules;
    }

    /**
     * The names each expression uses that are not exported, by where the expression is. An expression naming none of
     * the families counts too: a misspelt prefix ({@code orderfow_}) would otherwise slip past the pattern.
     */
    private static Map<String, Set<String>> unknownMetrics(Map<String, String> expressions) {
        Map<String, Set<String>> unknown = new TreeMap<>();
        expressions.forEach((where, expression) -> {
            Set<String> names = new TreeSet<>();
            Matcher metric = METRIC.matcher(expression);
            while (metric.find()) {
                names.add(metric.group());
            }
            Set<String> notExported = new TreeSet<>();
            names.stream().filter(name -> !exported(name)).forEach(notExported::add);
            if (names.isEmpty()) {
                notExported.add("(no exported metric in: " + expression + ")");
            }
            if (!notExported.isEmpty()) {
                unknown.put(where, notExported);
            }
        });
        return unknown;
    }

    private static boolean exported(String name) {
        Matcher series = HISTOGRAM_SERIES.matcher(name);
        return EXPORTED.contains(name) || series.matches() && HISTOGRAMS.contains(series.group(1));
    }

    /** Runs promtool from the project's root, so that its messages name the files as the README does. */
    private static void promtool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(promtoolExecutable());
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("promtool-", ".out");
        try {
            Process promtool = new ProcessBuilder(command).directory(RenderedManifests.PROJECT.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!promtool.waitFor(1, TimeUnit.MINUTES)) {
                promtool.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in a minute");
            }
            assertEquals(0, promtool.exitValue(), () -> String.join(" ", command) + " failed:\n" + readQuietly(output));
        } finally {
            Files.delete(output);
        }
    }

    private static String readQuietly(Path output) {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(its output could not be read: " + e + ")";
        }
    }

    private static String promtoolExecutable() {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(folder, "promtool");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        Path installed = RenderedManifests.PROJECT.resolve(".prometheus/root/usr/bin/promtool");
        if (Files.isExecutable(installed)) {
            return installed.toString();
        }
        throw new AssertionError("promtool is neither on the PATH nor in .prometheus/; run ./orderflow test, which installs it into "
                + ".prometheus/ from Debian's prometheus package, or install it: apt-get install prometheus (Debian), "
                + "or see https://prometheus.io/download/");
    }
}
