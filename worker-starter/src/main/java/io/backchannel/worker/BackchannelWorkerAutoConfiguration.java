package io.backchannel.worker;

import io.backchannel.worker.consumer.ConsumerConfiguration;
import io.backchannel.worker.jobs.JobHandler;
import io.backchannel.worker.topology.TopologyConfiguration;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Makes an application with at least one {@link JobHandler} bean a worker: the broker
 * topology with a queue per handler's type, a listener per queue with retries, deadlines,
 * cancels and dead-lettering, the updates published with confirms, and the worker's
 * metrics. Configured by {@code backchannel.worker.*} ({@link WorkerProperties}), the
 * broker and Redis by Spring Boot's own {@code spring.rabbitmq.*} and
 * {@code spring.data.redis.*}.
 *
 * <p>
 * An application without a handler gets none of it, so a web node that has the starter on
 * its classpath (the cluster tests run both in one JVM) stays a web node.
 */
@AutoConfiguration(after = { RabbitAutoConfiguration.class, DataRedisAutoConfiguration.class })
@ConditionalOnBean(JobHandler.class)
@EnableConfigurationProperties(WorkerProperties.class)
@Import({ TopologyConfiguration.class, ConsumerConfiguration.class, WorkerMetricsTags.class })
public class BackchannelWorkerAutoConfiguration {

}
