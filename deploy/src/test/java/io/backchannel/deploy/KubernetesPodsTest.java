package io.backchannel.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.backchannel.deploy.DeployFiles.WEB_NODE_CONFIG;
import static io.backchannel.deploy.DeployFiles.WORKER_CONFIG;
import static io.backchannel.deploy.DeployFiles.at;
import static io.backchannel.deploy.DeployFiles.list;
import static io.backchannel.deploy.DeployFiles.map;
import static io.backchannel.deploy.DeployFiles.shutdownPhase;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s Deployments: probes the apps answer, a shutdown that completes within the
 * grace period, pod identity and security.
 */
class KubernetesPodsTest {

    /** Each Deployment's app configuration, where its port and shutdown phase are set. */
    private static final Map<String, Path> APP_CONFIG = Map.of("web-node", WEB_NODE_CONFIG, "backend-worker",
            WORKER_CONFIG);

    private static final Map<String, String> ID_VARIABLE = Map.of("web-node", "BACKCHANNEL_NODE_ID", "backend-worker",
            "BACKCHANNEL_WORKER_WORKERID");

    private final Manifests manifests = Manifests.load();

    @Test
    void deployments_probeTheHealthGroups_onADeclaredPort() {
        assertThat(this.manifests.names("Deployment")).isEqualTo(APP_CONFIG.keySet());
        for (Map<String, Object> container : this.manifests.containers()) {
            assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(at(container, "startupProbe", "httpGet", "path")).isNotNull();
            List<Object> ports = new ArrayList<>();
            list(container.get("ports")).forEach((port) -> {
                ports.add(at(port, "name"));
                ports.add(at(port, "containerPort"));
            });
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                assertThat(ports).as("%s port of %s", probe, container.get("name"))
                    .contains(at(container, probe, "httpGet", "port"));
            }
        }
    }

    @Test
    void probesAndMetrics_areServedByTheAppsActuator_onItsActuatorPort() {
        for (Map<String, Object> deployment : this.manifests.of("Deployment")) {
            Path config = APP_CONFIG.get((String) at(deployment, "metadata", "name"));
            Map<String, Object> settings = DeployFiles.document(config);
            assertThat(at(settings, "management", "endpoint", "health", "probes", "enabled")).as("probes in %s", config)
                .isEqualTo(true);
            assertThat(at(settings, "management", "endpoints", "web", "exposure", "include").toString())
                .as("actuator endpoints in %s", config)
                .contains("health", "prometheus");
            int port = DeployFiles.actuatorPort(config);
            assertThat(at(deployment, "spec", "template", "metadata", "annotations", "prometheus.io/port"))
                .isEqualTo(Integer.toString(port));
            for (Object container : list(at(deployment, "spec", "template", "spec", "containers"))) {
                Object probePort = at(container, "readinessProbe", "httpGet", "port");
                assertThat(list(at(container, "ports"))).anySatisfy(
                        (declared) -> assertThat(Arrays.asList(at(declared, "name"), at(declared, "containerPort")))
                            .contains(probePort)
                            .contains(port));
            }
        }
    }

    @Test
    void gracePeriod_outlastsPreStopAndTheAppsShutdownPhase() {
        for (Map<String, Object> deployment : this.manifests.of("Deployment")) {
            String name = (String) at(deployment, "metadata", "name");
            Map<String, Object> pod = map(at(deployment, "spec", "template", "spec"));
            Duration preStop = Duration.ZERO;
            for (Object container : list(pod.get("containers"))) {
                List<Object> command = list(at(container, "lifecycle", "preStop", "exec", "command"));
                if (!command.isEmpty()) {
                    assertThat(command.get(0)).isEqualTo("sleep");
                    preStop = Duration.ofSeconds(Long.parseLong(command.get(1).toString()));
                }
            }
            Duration grace = Duration.ofSeconds(((Number) pod.get("terminationGracePeriodSeconds")).longValue());
            assertThat(grace).as("terminationGracePeriodSeconds of %s", name)
                .isGreaterThan(preStop.plus(shutdownPhase(APP_CONFIG.get(name))));
            if (name.equals("web-node")) {
                assertThat(preStop).as("web node's preStop sleep").isPositive();
            }
        }
    }

    @Test
    void pods_takeTheirIdFromThePodName_andRunAsNonRootOnAReadOnlyRoot() {
        for (Map<String, Object> deployment : this.manifests.of("Deployment")) {
            String name = (String) at(deployment, "metadata", "name");
            Map<String, Object> pod = map(at(deployment, "spec", "template", "spec"));
            assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
            for (Object container : list(pod.get("containers"))) {
                assertThat(list(at(container, "env"))).anySatisfy((variable) -> {
                    assertThat(at(variable, "name")).isEqualTo(ID_VARIABLE.get(name));
                    assertThat(at(variable, "valueFrom", "fieldRef", "fieldPath")).isEqualTo("metadata.name");
                });
                assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
                assertThat(list(at(container, "volumeMounts")))
                    .anySatisfy((mount) -> assertThat(at(mount, "mountPath")).isEqualTo("/tmp"));
            }
            assertThat(list(pod.get("volumes")))
                .allSatisfy((volume) -> assertThat(map(volume)).containsKey("emptyDir"));
        }
    }

}
