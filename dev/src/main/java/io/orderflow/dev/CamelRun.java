package io.orderflow.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.dsl.jbang.core.commands.CamelJBangMain;

/**
 * Camel JBang's {@code camel run --dev} on Orderflow's own files, from the project folder it is started in: every
 * route file, the beans and {@code application.properties}, reloaded when one of them is saved. Camel JBang is
 * called as a library because the launcher jar that JBang would fetch is not in the registries we build from.
 */
public final class CamelRun {

    static final Path ROUTES = Path.of("routes");
    static final Path BEANS = Path.of("beans", "orderflow.camel.yaml");
    static final Path PROPERTIES = Path.of("processors", "src", "main", "resources", "application.properties");

    private CamelRun() {
    }

    public static void main(String[] args) throws IOException {
        CamelJBangMain.run(arguments(Path.of(""), List.of(args)).toArray(String[]::new));
    }

    /** {@code camel run} with the files under {@code project}, then {@code extra} (any {@code camel run} option). */
    static List<String> arguments(Path project, List<String> extra) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("run"));
        try (Stream<Path> routes = Files.list(project.resolve(ROUTES))) {
            routes.filter(file -> file.getFileName().toString().endsWith(".camel.yaml")).sorted()
                    .forEach(file -> arguments.add(file.toString()));
        }
        arguments.add(project.resolve(BEANS).toString());
        arguments.add(project.resolve(PROPERTIES).toString());
        arguments.add("--dev");
        // a reload that removes every route reloads a file once per route in it (Camel 4.17,
        // RouteWatcherReloadStrategy), which fails with "duplicate route id" for files of several routes;
        // reloading only the saved file replaces its routes and leaves the others running
        arguments.add("--prop=camel.main.routes-reload-remove-all-routes=false");
        arguments.addAll(extra);
        return arguments;
    }
}
