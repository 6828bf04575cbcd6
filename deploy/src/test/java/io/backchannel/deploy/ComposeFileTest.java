package io.backchannel.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;

import static io.backchannel.deploy.DeployFiles.COMPOSE_DIR;
import static io.backchannel.deploy.DeployFiles.WEB_NODE_CONFIG;
import static io.backchannel.deploy.DeployFiles.WORKER_CONFIG;
import static io.backchannel.deploy.DeployFiles.at;
import static io.backchannel.deploy.DeployFiles.composeServices;
import static io.backchannel.deploy.DeployFiles.list;
import static io.backchannel.deploy.DeployFiles.map;
import static io.backchannel.deploy.DeployFiles.read;
import static io.backchannel.deploy.DeployFiles.shutdownPhase;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/compose/compose.yaml: what makes the cluster start in order and stop cleanly.
 */
class ComposeFileTest {

    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?[^}]+}");

    private final Map<String, Object> services = composeServices();

    @Test
    void everyService_hasAHealthcheck() {
        assertThat(this.services).isNotEmpty();
        this.services.forEach((name, service) -> {
            assertThat(list(at(service, "healthcheck", "test"))).as("healthcheck of %s", name).isNotEmpty();
            assertThat(at(service, "healthcheck", "disable")).as("healthcheck of %s", name).isNotEqualTo(true);
        });
    }

    @Test
    void webNodesAndWorkers_waitForHealthyRedisAndRabbitmq() {
        assertThat(names("web-node-")).hasSize(3);
        assertThat(names("worker-")).hasSize(2);
        for (String name : apps()) {
            for (String dependency : List.of("redis", "rabbitmq")) {
                assertThat(at(this.services.get(name), "depends_on", dependency, "condition"))
                    .as("%s depends on %s", name, dependency)
                    .isEqualTo("service_healthy");
            }
        }
    }

    @Test
    void nginx_waitsForEveryHealthyWebNode_andProxiesToExactlyThem() {
        for (String node : names("web-node-")) {
            assertThat(at(this.services.get("nginx"), "depends_on", node, "condition")).as("nginx depends on %s", node)
                .isEqualTo("service_healthy");
        }
        Matcher upstream = Pattern.compile("server\\s+([\\w-]+):8080;")
            .matcher(read(COMPOSE_DIR.resolve("nginx/nginx.conf")));
        Set<String> servers = new TreeSet<>();
        while (upstream.find()) {
            servers.add(upstream.group(1));
        }
        assertThat(servers).isEqualTo(names("web-node-"));
    }

    @Test
    void healthchecks_askTheReadinessGroup_onTheAppsActuatorPorts() {
        int webPort = DeployFiles.actuatorPort(WEB_NODE_CONFIG);
        assertThat(webPort).as("a web node's actuator is off its API port")
            .isNotEqualTo(DeployFiles.serverPort(WEB_NODE_CONFIG));
        int workerPort = DeployFiles.actuatorPort(WORKER_CONFIG);
        for (String node : names("web-node-")) {
            assertThat(healthcheck(node)).contains("http://127.0.0.1:" + webPort + "/actuator/health/readiness");
        }
        for (String worker : names("worker-")) {
            assertThat(healthcheck(worker)).contains("http://127.0.0.1:" + workerPort + "/actuator/health/readiness");
        }
    }

    @Test
    void redis_keepsAnAppendOnlyFile_onAVolume() {
        Map<String, Object> redis = map(this.services.get("redis"));
        String command = String.join(" ", list(redis.get("command")).stream().map(Object::toString).toList());
        assertThat(command).contains("--appendonly yes").contains("--appendfsync everysec");
        assertNamedVolumeAt("redis", "/data");
    }

    @Test
    void rabbitmq_hasTheManagementPlugin_aFixedHostname_andAVolume() {
        assertThat(at(this.services.get("rabbitmq"), "image").toString()).contains("management");
        // Its data directory is named after the node, rabbit@<hostname>.
        assertThat(at(this.services.get("rabbitmq"), "hostname")).isNotNull();
        assertNamedVolumeAt("rabbitmq", "/var/lib/rabbitmq");
    }

    @Test
    void everyAppInstance_hasItsOwnId() {
        for (String node : names("web-node-")) {
            assertThat(environment(node)).containsEntry("BACKCHANNEL_NODE_ID", node);
        }
        for (String worker : names("worker-")) {
            assertThat(environment(worker)).containsEntry("BACKCHANNEL_WORKER_WORKERID", worker);
        }
    }

    @Test
    void secrets_areRequired_andTheEnvFileTemplateNamesThemAll() {
        for (String node : names("web-node-")) {
            assertThat(environment(node).get("BACKCHANNEL_AUTH_SECRET").toString())
                .matches(REQUIRED_VARIABLE.pattern());
        }
        Set<String> required = REQUIRED_VARIABLE.matcher(read(COMPOSE_DIR.resolve("compose.yaml")))
            .results()
            .map((result) -> result.group(1))
            .collect(Collectors.toCollection(TreeSet::new));
        assertThat(required).contains("BACKCHANNEL_AUTH_SECRET");
        String template = read(COMPOSE_DIR.resolve(".env.example"));
        for (String variable : required) {
            assertThat(template).as(".env.example").containsPattern("(?m)^" + variable + "=");
        }
        assertThat(read(COMPOSE_DIR.resolve(".gitignore")).lines()).contains(".env");
    }

    @Test
    void stopGracePeriods_outlastTheAppsShutdownPhase() {
        Duration webPhase = shutdownPhase(WEB_NODE_CONFIG);
        Duration workerPhase = shutdownPhase(WORKER_CONFIG);
        for (String node : names("web-node-")) {
            assertThat(stopGracePeriod(node)).as("stop_grace_period of %s", node).isGreaterThan(webPhase);
        }
        for (String worker : names("worker-")) {
            assertThat(stopGracePeriod(worker)).as("stop_grace_period of %s", worker).isGreaterThan(workerPhase);
        }
    }

    @Test
    void prometheus_scrapesComposeServices() {
        Map<String, Object> config = DeployFiles.document(COMPOSE_DIR.resolve("prometheus/prometheus.yml"));
        Set<String> hosts = new TreeSet<>();
        for (Object job : list(config.get("scrape_configs"))) {
            assertThat(at(job, "metrics_path")).isEqualTo("/actuator/prometheus");
            Path appConfig = "web-node".equals(at(job, "job_name")) ? WEB_NODE_CONFIG : WORKER_CONFIG;
            for (Object staticConfig : list(at(job, "static_configs"))) {
                list(at(staticConfig, "targets")).forEach((target) -> {
                    hosts.add(target.toString().split(":")[0]);
                    assertThat(target.toString()).endsWith(":" + DeployFiles.actuatorPort(appConfig));
                });
            }
        }
        assertThat(hosts).isEqualTo(apps());
    }

    private Set<String> names(String prefix) {
        return this.services.keySet()
            .stream()
            .filter((name) -> name.startsWith(prefix))
            .collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<String> apps() {
        Set<String> apps = names("web-node-");
        apps.addAll(names("worker-"));
        return apps;
    }

    private String healthcheck(String service) {
        return String.join(" ",
                list(at(this.services.get(service), "healthcheck", "test")).stream().map(Object::toString).toList());
    }

    private Map<String, Object> environment(String service) {
        return map(at(this.services.get(service), "environment"));
    }

    private Duration stopGracePeriod(String service) {
        Object value = at(this.services.get(service), "stop_grace_period");
        assertThat(value).as("stop_grace_period of %s", service).isNotNull();
        return DurationStyle.detectAndParse(value.toString());
    }

    private void assertNamedVolumeAt(String service, String target) {
        List<String> mounts = list(at(this.services.get(service), "volumes")).stream().map(Object::toString).toList();
        String volume = mounts.stream()
            .filter((mount) -> mount.endsWith(":" + target))
            .map((mount) -> mount.substring(0, mount.indexOf(':')))
            .findFirst()
            .orElseThrow(() -> new AssertionError(service + " mounts nothing at " + target + ": " + mounts));
        assertThat(map(DeployFiles.compose().get("volumes"))).as("declared volumes").containsKey(volume);
    }

}
