package io.backchannel.faults.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A private copy of what the launcher runs: {@code deploy/local/cluster.sh} and
 * {@code scripts/lib.sh} as they are, and the web-node and backend-worker exec jars as
 * they were when the suite started, laid out as in the repository, so the copied launcher
 * finds the copied jars. A build that rewrites the jars under {@code target/} while the
 * cluster runs would otherwise hang the running JVMs (Spring Boot's loader reads classes
 * from its jar lazily) and start the parts restarted later with other code.
 */
final class Stage {

    private static final List<String> FILES = List.of("deploy/local/cluster.sh", "scripts/lib.sh",
            "web-node/target/web-node-0.1.0-SNAPSHOT-exec.jar",
            "backend-worker/target/backend-worker-0.1.0-SNAPSHOT-exec.jar");

    private Stage() {
    }

    /**
     * Copies the files from {@code root} to {@code stage}.
     * @return the copied launcher
     * @throws ClusterException when a jar is missing (build them first:
     * {@code ./mvnw -DskipTests package -pl web-node,backend-worker -am})
     */
    static Path prepare(Path root, Path stage) {
        for (String file : FILES) {
            Path from = root.resolve(file);
            if (!Files.isRegularFile(from)) {
                throw new ClusterException(from + " is missing; build it first: "
                        + "./mvnw -DskipTests package -pl web-node,backend-worker -am");
            }
            Path to = stage.resolve(file);
            try {
                Files.createDirectories(to.getParent());
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
            catch (IOException ex) {
                throw new UncheckedIOException("cannot copy " + from + " to " + to, ex);
            }
        }
        return stage.resolve(FILES.get(0));
    }

}
