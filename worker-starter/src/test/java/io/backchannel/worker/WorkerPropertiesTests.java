package io.backchannel.worker;

import java.time.Duration;

import io.backchannel.contracts.id.JobType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withUserConfiguration(PropertiesConfiguration.class);

    @Test
    void defaults_applyWhenNothingIsSet() {
        this.runner.run((context) -> {
            WorkerProperties properties = context.getBean(WorkerProperties.class);
            assertThat(properties.workerId()).matches("worker-[0-9a-f]{8}");
            assertThat(properties.concurrency()).isEqualTo(16);
            assertThat(properties.prefetch()).isEqualTo(1);
            assertThat(properties.maxAttempts()).isEqualTo(4);
            assertThat(properties.backoffInitial()).isEqualTo(Duration.ofMillis(200));
            assertThat(properties.backoffMultiplier()).isEqualTo(2.0);
            assertThat(properties.backoffMax()).isEqualTo(Duration.ofSeconds(5));
            assertThat(properties.confirmTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(properties.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @ParameterizedTest
    @CsvSource({ "concurrency, 0", "concurrency, 101", "prefetch, 0", "max-attempts, 0", "worker-id, has space",
            "backoff-multiplier, 0.5", "backoff-initial, 0s", "confirm-timeout, 0s", "shutdown-timeout, 2h",
            "revivals, -1", "publisher-channels, 65", "started-update-delay, 2m" })
    void invalidValue_failsTheStart_namingTheSetting(String name, String value) {
        this.runner.withPropertyValues("backchannel.worker." + name + "=" + value)
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("backchannel.worker." + name + " must be"));
    }

    @Test
    void typeSettings_overrideTheWorkersOwn_forTheirTypeOnly() {
        this.runner
            .withPropertyValues("backchannel.worker.concurrency=8", "backchannel.worker.prefetch=2",
                    "backchannel.worker.types.echo.prefetch=10", "backchannel.worker.types.report.concurrency=1")
            .run((context) -> {
                WorkerProperties properties = context.getBean(WorkerProperties.class);
                assertThat(properties.prefetchOf(JobType.of("echo"))).isEqualTo(10);
                assertThat(properties.concurrencyOf(JobType.of("echo"))).isEqualTo(8);
                assertThat(properties.prefetchOf(JobType.of("report"))).isEqualTo(2);
                assertThat(properties.concurrencyOf(JobType.of("report"))).isEqualTo(1);
                assertThat(properties.prefetchOf(JobType.of("other"))).isEqualTo(2);
            });
    }

    @ParameterizedTest
    @CsvSource({ "echo.prefetch, 0, types.echo.prefetch must be",
            "echo.concurrency, 101, types.echo.concurrency must be", "Bad_Type.prefetch, 2, must name a job type" })
    void invalidTypeSetting_failsTheStart_namingTheSetting(String name, String value, String message) {
        this.runner.withPropertyValues("backchannel.worker.types." + name + "=" + value)
            .run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining(message));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(WorkerProperties.class)
    static class PropertiesConfiguration {

    }

}
