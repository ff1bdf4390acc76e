package io.orderflow.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kubernetes/base/orderflow.env}: every {@code NAME=default} that application.properties reads through
 * {@code {{env:NAME:default}}}, in the file's order, for the ConfigMap the Deployments take their settings from.
 * Kustomize reads no file outside its folder, so the defaults are written out here and a test keeps them equal.
 * <p>
 * Usage: {@code EnvironmentFile [FILE]} prints the file, or writes it to FILE.
 */
public final class EnvironmentFile {

    /** Where the Kubernetes manifests expect it, from the project's root. */
    public static final Path LOCATION = Path.of("kubernetes", "base", "orderflow.env");

    /** Credentials come from the Secret: a default for one of these never goes into a ConfigMap. */
    public static final Set<String> SECRETS = Set.of("NATS_USER", "NATS_PASSWORD", "NATS_TOKEN", "NATS_CREDS", "SMTP_USER",
            "SMTP_PASSWORD", "PAYMENT_GATEWAY_KEY",
            // the NATS users' passwords (kubernetes/base/nats-users.conf): the nats-server takes them all, a flow its own
            "NATS_ADMIN_PASSWORD", "NATS_API_PASSWORD", "NATS_INVENTORY_PASSWORD", "NATS_PAYMENT_PASSWORD",
            "NATS_NOTIFICATION_PASSWORD");

    /** What regenerates the file, from the project's root after {@code mvn package}. */
    public static final String COMMAND = "./orderflow kubernetes-env";

    private static final String HEADER = "# Generated from processors/src/main/resources/application.properties: do not edit,"
            + " regenerate with\n# " + COMMAND + "\n# An overlay changes a value in its own orderflow.env.\n";

    private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("\\{\\{env:([^:}]+)(?::([^}]*))?}}");

    private EnvironmentFile() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 1 || (args.length == 1 && args[0].startsWith("-"))) {
            System.err.println("usage: EnvironmentFile [FILE]   (prints " + LOCATION + ", or writes it to FILE)");
            System.exit(2);
        }
        String text = fromApplicationProperties();
        if (args.length == 0) {
            System.out.print(text);
        } else {
            Files.writeString(Path.of(args[0]), text, StandardCharsets.UTF_8);
        }
    }

    /** The file for the application.properties on the classpath, the one packaged in orderflow.jar. */
    public static String fromApplicationProperties() {
        try (InputStream properties = EnvironmentFile.class.getResourceAsStream("/application.properties")) {
            if (properties == null) {
                throw new IllegalStateException("application.properties is not on the classpath: orderflow.jar belongs there");
            }
            return render(properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's text: the header, then one {@code NAME=default} a line. */
    public static String render(InputStream applicationProperties) throws IOException {
        StringBuilder text = new StringBuilder(HEADER);
        defaults(applicationProperties).forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        return text.toString();
    }

    /**
     * Each environment variable the properties read, with its default, in the order the file names them. A
     * variable without a default, or with two different ones, fails: the ConfigMap could not say which applies.
     */
    static Map<String, String> defaults(InputStream applicationProperties) throws IOException {
        List<String> values = new ArrayList<>();
        // Properties parses comments, escapes and continued lines as Camel does; load() puts in the file's order
        new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                values.add((String) value);
                return super.put(key, value);
            }
        }.load(applicationProperties);
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String value : values) {
            Matcher reference = ENVIRONMENT_VARIABLE.matcher(value);
            while (reference.find()) {
                String name = reference.group(1).trim();
                String fallback = reference.group(2);
                if (fallback == null) {
                    throw new IllegalStateException("application.properties reads " + name
                            + " without a default; give it one ({{env:" + name + ":value}}) so the ConfigMap can list it");
                }
                String earlier = defaults.putIfAbsent(name, fallback);
                if (earlier != null && !earlier.equals(fallback)) {
                    throw new IllegalStateException("application.properties gives " + name + " two defaults, '" + earlier
                            + "' and '" + fallback + "'; give it one");
                }
            }
        }
        defaults.keySet().removeAll(SECRETS);
        return defaults;
    }
}
