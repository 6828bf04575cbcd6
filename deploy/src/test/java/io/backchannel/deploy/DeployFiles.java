package io.backchannel.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files under test, read from the working tree: paths, YAML documents as plain maps
 * and lists, and the apps' own settings that the deploy files must agree with.
 */
final class DeployFiles {

    /** The repository root: surefire runs in the module's directory, {@code deploy/}. */
    static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize().getParent();

    static final Path COMPOSE_DIR = ROOT.resolve("deploy/compose");

    static final Path K8S_DIR = ROOT.resolve("deploy/k8s");

    static final Path WEB_NODE_CONFIG = ROOT.resolve("web-node/src/main/resources/application.yml");

    static final Path WORKER_CONFIG = ROOT.resolve("backend-worker/src/main/resources/backend-worker.yml");

    private DeployFiles() {
    }

    /** Every document of a YAML file, empty ones (a trailing {@code ---}) left out. */
    static List<Object> documents(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            List<Object> documents = new ArrayList<>();
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                if (document != null) {
                    documents.add(document);
                }
            }
            return documents;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The single document of a YAML file, as a map. */
    static Map<String, Object> document(Path file) {
        List<Object> documents = documents(file);
        assertThat(documents).as("documents in %s", file).hasSize(1);
        return map(documents.get(0));
    }

    /** The YAML files below a directory, in a stable order. */
    static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter((file) -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                .sorted()
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static Map<String, Object> compose() {
        return document(COMPOSE_DIR.resolve("compose.yaml"));
    }

    static Map<String, Object> composeServices() {
        return map(compose().get("services"));
    }

    /**
     * {@code spring.lifecycle.timeout-per-shutdown-phase} of an app's configuration file.
     */
    static Duration shutdownPhase(Path appConfig) {
        Object value = at(document(appConfig), "spring", "lifecycle", "timeout-per-shutdown-phase");
        assertThat(value).as("timeout-per-shutdown-phase in %s", appConfig).isNotNull();
        return DurationStyle.detectAndParse(value.toString());
    }

    /** {@code server.port} of an app's configuration file. */
    static int serverPort(Path appConfig) {
        Object value = at(document(appConfig), "server", "port");
        assertThat(value).as("server.port in %s", appConfig).isInstanceOf(Integer.class);
        return (Integer) value;
    }

    /**
     * Where the app's actuator listens: {@code management.server.port} when the app sets
     * one (the web node, off its API port), else its server port (the worker).
     */
    static int actuatorPort(Path appConfig) {
        Object value = at(document(appConfig), "management", "server", "port");
        return (value instanceof Integer port) ? port : serverPort(appConfig);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The value at a path of map keys, or null where one is missing. */
    static Object at(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    /** A list, or the empty list where the key was absent. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        if (node == null) {
            return List.of();
        }
        assertThat(node).isInstanceOf(List.class);
        return (List<Object>) node;
    }

}
