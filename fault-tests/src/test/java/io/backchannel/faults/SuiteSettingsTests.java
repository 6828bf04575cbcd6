package io.backchannel.faults;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.backchannel.faults.scenario.Faults;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SuiteSettingsTests {

    @Test
    void duration_takesMillisSecondsMinutesAndBareSeconds() {
        assertThat(parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(parse("2.5s")).isEqualTo(Duration.ofMillis(2500));
        assertThat(parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse("7")).isEqualTo(Duration.ofSeconds(7));
        assertThatIllegalArgumentException().isThrownBy(() -> parse("soon"));
    }

    @Test
    void full_sendsAtLeast2000RequestsFrom100ClientsPerFault_toEveryFault() {
        SuiteSettings full = withNetns("1", SuiteSettings::full);

        assertThat(full.run().minRequests()).isGreaterThanOrEqualTo(2000);
        assertThat(full.run().clients()).isGreaterThanOrEqualTo(100);
        assertThat(full.faults()).containsExactly("node-kill", "worker-kill", "worker-hang", "rabbitmq-restart",
                "redis-drop", "redis-restart", "rolling-restart", "node-redis-partition", "node-rabbitmq-partition");
        assertThat(full.plan().redisPort()).isNotEqualTo(6379);
        assertThat(full.plan().amqpPort()).isNotEqualTo(5672);
    }

    @Test
    void netns_putsNode3InANamespace_reachedOnItsFrontLink_elseNoPartitionFaults() {
        SuiteSettings with = withNetns("1", SuiteSettings::quick);
        SuiteSettings without = withNetns("0", SuiteSettings::quick);

        assertThat(with.plan().netnsNode()).isEqualTo(3);
        assertThat(with.plan().environment("/jdk")).containsEntry("NETNS_NODE", "3")
            .containsEntry("NETNS_PREFIX", "10.231.27");
        assertThat(with.plan().nodeUri(3)).hasToString("http://10.231.27.10:27083");
        assertThat(with.plan().nodeManagementUri(3)).hasToString("http://10.231.27.10:27133");
        assertThat(with.plan().nodeUri(1)).hasToString("http://127.0.0.1:27081");
        // The full suite's links are on a network of their own.
        assertThat(withNetns("1", SuiteSettings::full).plan().netnsPrefix()).isEqualTo("10.231.28");

        assertThat(without.plan().netnsNode()).isZero();
        assertThat(without.plan().environment("/jdk")).doesNotContainKey("NETNS_NODE");
        assertThat(without.faults()).doesNotContain("node-redis-partition", "node-rabbitmq-partition");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> Faults.named(List.of("node-redis-partition"), false, false))
            .withMessageContaining("network namespaces");
        // On clusters, never a namespace.
        assertThat(withNetns("1", SuiteSettings::quickOnClusters).plan().netnsNode()).isZero();
    }

    private static SuiteSettings withNetns(String value, Supplier<SuiteSettings> settings) {
        System.setProperty("faults.netns", value);
        try {
            return settings.get();
        }
        finally {
            System.clearProperty("faults.netns");
        }
    }

    @Test
    void onClusters_theRunHasItsOwnFaults_clusterAndResults() {
        SuiteSettings quick = SuiteSettings.quick();
        SuiteSettings onCluster = SuiteSettings.quickOnClusters();

        assertThat(onCluster.faults()).containsExactly("redis-primary-kill", "rabbitmq-node-kill");
        assertThat(onCluster.plan().onClusters()).isTrue();
        assertThat(quick.plan().onClusters()).isFalse();
        assertThat(onCluster.plan().environment("/jdk")).containsEntry("REDIS_CLUSTER", "1")
            .containsEntry("REDIS_CLUSTER_PORT_BASE", "21001")
            .containsEntry("RABBITMQ_CLUSTER", "1");
        assertThat(quick.plan().environment("/jdk")).doesNotContainKeys("REDIS_CLUSTER", "RABBITMQ_CLUSTER");
        // The three brokers' AMQP ports (amqp-port upwards) miss their distribution
        // ports.
        assertThat(onCluster.plan().amqpDistPort() - onCluster.plan().amqpPort()).isGreaterThanOrEqualTo(3);
        assertThat(onCluster.plan().runDir()).isNotEqualTo(quick.plan().runDir());
        assertThat(onCluster.out()).isNotEqualTo(quick.out());
        // Cluster bus ports (10,000 above) stay below the ephemeral range.
        assertThat(onCluster.plan().redisClusterPortBase() + 10005).isLessThan(32768);
        assertThatIllegalArgumentException().isThrownBy(() -> Faults.named(List.of("redis-restart"), true, false))
            .withMessageContaining("Redis Cluster");
    }

    private static Duration parse(String value) {
        System.setProperty("faults.test-duration", value);
        try {
            return SuiteSettings.duration("test-duration", Duration.ZERO);
        }
        finally {
            System.clearProperty("faults.test-duration");
        }
    }

}
