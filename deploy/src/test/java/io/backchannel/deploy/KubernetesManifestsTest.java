package io.backchannel.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static io.backchannel.deploy.DeployFiles.K8S_DIR;
import static io.backchannel.deploy.DeployFiles.at;
import static io.backchannel.deploy.DeployFiles.list;
import static io.backchannel.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s as a whole: known kinds, a complete kustomization, references that resolve,
 * the ingress.
 */
class KubernetesManifestsTest {

    /** Every kind the manifests may hold, with the API version that serves it today. */
    private static final Map<String, String> KNOWN_KINDS = Map.ofEntries(Map.entry("Namespace", "v1"),
            Map.entry("ConfigMap", "v1"), Map.entry("Secret", "v1"), Map.entry("Service", "v1"),
            Map.entry("Deployment", "apps/v1"), Map.entry("PodDisruptionBudget", "policy/v1"),
            Map.entry("HorizontalPodAutoscaler", "autoscaling/v2"), Map.entry("Ingress", "networking.k8s.io/v1"),
            Map.entry("Kustomization", "kustomize.config.k8s.io/v1beta1"),
            Map.entry("ServiceMonitor", "monitoring.coreos.com/v1"),
            Map.entry("PodMonitor", "monitoring.coreos.com/v1"));

    private final Manifests manifests = Manifests.load();

    @Test
    void everyDocument_isAKnownKind_withItsApiVersion() {
        assertThat(this.manifests.all()).isNotEmpty();
        for (Map<String, Object> manifest : this.manifests.all()) {
            assertThat(KNOWN_KINDS).as("known kinds").containsKey((String) manifest.get("kind"));
            assertThat(manifest.get("apiVersion")).as("apiVersion of %s", manifest.get("kind"))
                .isEqualTo(KNOWN_KINDS.get(manifest.get("kind")));
        }
    }

    @Test
    void kustomization_listsEveryManifest_butTheExamples() {
        Set<String> listed = list(this.manifests.of("Kustomization").get(0).get("resources")).stream()
            .map(Object::toString)
            .collect(Collectors.toSet());
        Set<String> files = DeployFiles.yamlFiles(K8S_DIR)
            .stream()
            .map((file) -> K8S_DIR.relativize(file).toString())
            .filter((file) -> !file.endsWith(".example.yaml") && !file.equals("kustomization.yaml"))
            .collect(Collectors.toSet());
        assertThat(listed).isEqualTo(files);
        listed.forEach((file) -> assertThat(K8S_DIR.resolve(file)).isRegularFile());
    }

    @Test
    void ingress_givesWebSocketsAnHour_withoutAffinity_andRoutesToTheWebNodeService() {
        Map<String, Object> ingress = this.manifests.of("Ingress").get(0);
        Map<String, Object> annotations = map(at(ingress, "metadata", "annotations"));
        for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
            Object value = annotations.get("nginx.ingress.kubernetes.io/" + timeout);
            assertThat(value).as(timeout).isNotNull();
            assertThat(Integer.parseInt(value.toString())).as(timeout).isGreaterThanOrEqualTo(3600);
        }
        assertThat(annotations.keySet()).noneMatch((key) -> key.contains("affinity"));
        for (Object rule : list(at(ingress, "spec", "rules"))) {
            for (Object path : list(at(rule, "http", "paths"))) {
                Object service = at(path, "backend", "service", "name");
                Map<String, Object> target = this.manifests.named("Service", service);
                assertThat(list(at(target, "spec", "ports"))).anySatisfy((port) -> assertThat(at(port, "name"))
                    .isEqualTo(at(path, "backend", "service", "port", "name")));
            }
        }
    }

    @Test
    void servicesAndBudgets_selectADeployment_andTheAutoscalerScalesOne() {
        for (String kind : List.of("Service", "PodDisruptionBudget")) {
            for (Map<String, Object> manifest : this.manifests.of(kind)) {
                Object selector = kind.equals("Service") ? at(manifest, "spec", "selector")
                        : at(manifest, "spec", "selector", "matchLabels");
                assertThat(this.manifests.of("Deployment"))
                    .as("a Deployment selected by %s %s", kind, at(manifest, "metadata", "name"))
                    .anySatisfy(
                            (deployment) -> assertThat(map(at(deployment, "spec", "template", "metadata", "labels")))
                                .containsAllEntriesOf(map(selector)));
            }
        }
        for (Map<String, Object> autoscaler : this.manifests.of("HorizontalPodAutoscaler")) {
            assertThat(at(autoscaler, "spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
            this.manifests.named("Deployment", at(autoscaler, "spec", "scaleTargetRef", "name"));
        }
    }

    @Test
    void referencedConfigMaps_exist_andTheSecretExampleNamesEverySecretKey() {
        Path example = K8S_DIR.resolve("secret.example.yaml");
        Map<String, Object> secret = DeployFiles.document(example);
        String text = DeployFiles.read(example);
        for (Map<String, Object> container : this.manifests.containers()) {
            for (Object source : list(container.get("envFrom"))) {
                this.manifests.named("ConfigMap", at(source, "configMapRef", "name"));
            }
            for (Object variable : list(container.get("env"))) {
                Object reference = at(variable, "valueFrom", "secretKeyRef");
                if (reference == null) {
                    continue;
                }
                String key = at(reference, "key").toString();
                assertThat(at(reference, "name")).isEqualTo(at(secret, "metadata", "name"));
                if (Boolean.TRUE.equals(at(reference, "optional"))) {
                    // Optional keys are only mentioned (commented out) in the example.
                    assertThat(text).as("secret.example.yaml mentions %s", key).contains(key);
                }
                else {
                    assertThat(map(secret.get("stringData"))).containsKey(key);
                }
            }
        }
    }

}
