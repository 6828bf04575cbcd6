package io.backchannel.worker;

import io.backchannel.contracts.id.JobType;
import io.backchannel.worker.consumer.ConsumerConfiguration;
import io.backchannel.worker.jobs.JobContext;
import io.backchannel.worker.jobs.JobHandler;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter makes a worker only of an application that has a job handler: a web node
 * with the starter on its classpath (the cluster tests run both in one JVM) stays a web
 * node.
 */
class AutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, DataRedisAutoConfiguration.class,
                MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class, BackchannelWorkerAutoConfiguration.class))
        // Nothing here connects: the listener containers would.
        .withPropertyValues("spring.rabbitmq.listener.simple.auto-startup=false");

    @Test
    void withoutHandler_nothingOfTheWorker() {
        this.runner.run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(WorkerProperties.class);
            assertThat(context).doesNotHaveBean(ConsumerConfiguration.CONTAINER_FACTORY);
        });
    }

    @Test
    void withHandler_theWorkersFactoryBesideSpringBootsOwn() {
        this.runner.withBean(JobHandler.class, AutoConfigurationTests::probe).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(WorkerProperties.class);
            assertThat(context).hasBean(ConsumerConfiguration.CONTAINER_FACTORY);
            assertThat(context).hasBean("rabbitListenerContainerFactory");
        });
    }

    @Test
    void settingsForATypeNoHandlerRuns_failTheStart_namingIt() {
        this.runner.withBean(JobHandler.class, AutoConfigurationTests::probe)
            .withPropertyValues("backchannel.worker.types.prode.prefetch=10")
            .run((context) -> assertThat(context).getFailure()
                .hasMessageContaining("backchannel.worker.types names job types no handler runs: [prode]"));
    }

    private static JobHandler probe() {
        return new JobHandler() {

            @Override
            public JobType type() {
                return JobType.of("probe");
            }

            @Override
            public JsonNode handle(JobContext context) {
                return context.payload();
            }

        };
    }

}
