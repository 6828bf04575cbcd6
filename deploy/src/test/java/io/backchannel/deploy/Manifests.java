package io.backchannel.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.backchannel.deploy.DeployFiles.at;
import static io.backchannel.deploy.DeployFiles.list;
import static io.backchannel.deploy.DeployFiles.map;

/**
 * Every document of every YAML file under deploy/k8s, examples included, with look-ups by
 * kind and name.
 *
 * @param all the documents, file by file
 */
record Manifests(List<Map<String, Object>> all) {

    static Manifests load() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Path file : DeployFiles.yamlFiles(DeployFiles.K8S_DIR)) {
            DeployFiles.documents(file).forEach((document) -> all.add(map(document)));
        }
        return new Manifests(List.copyOf(all));
    }

    List<Map<String, Object>> of(String kind) {
        return this.all.stream().filter((manifest) -> kind.equals(manifest.get("kind"))).toList();
    }

    Map<String, Object> named(String kind, Object name) {
        return of(kind).stream()
            .filter((manifest) -> at(manifest, "metadata", "name").equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    Set<String> names(String kind) {
        return of(kind).stream()
            .map((manifest) -> (String) at(manifest, "metadata", "name"))
            .collect(Collectors.toSet());
    }

    /** The containers of every Deployment's pod template. */
    List<Map<String, Object>> containers() {
        return of("Deployment").stream()
            .flatMap((deployment) -> list(at(deployment, "spec", "template", "spec", "containers")).stream())
            .map(DeployFiles::map)
            .toList();
    }

}
