package io.backchannel.worker.consumer;

import io.backchannel.worker.WorkerProperties;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The worker's consumers: a listener container per job queue, from a factory of their own
 * (Spring Boot's settings, {@code spring.rabbitmq.listener.simple.*}, first, then the
 * worker's), which leaves Spring Boot's default factory to the application's own
 * listeners.
 */
@Configuration(proxyBeanMethods = false)
@Import({ JobListeners.class, JobRunner.class, UpdatePublisher.class, StartedUpdates.class, JobMeters.class,
        FinishedJobs.class, RequestEnds.class, CancelNotices.class, AbandonedJobs.class })
public class ConsumerConfiguration {

    /** The listener container factory of the job, cancel and abandoned-job queues. */
    public static final String CONTAINER_FACTORY = "backchannelJobListenerFactory";

    @Bean(CONTAINER_FACTORY)
    SimpleRabbitListenerContainerFactory backchannelJobListenerFactory(
            SimpleRabbitListenerContainerFactoryConfigurer configurer, ConnectionFactory connectionFactory,
            WorkerProperties worker) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        configurer.configure(factory, connectionFactory);
        // The container acks when the listener returns, and only then: never auto-ack.
        factory.setAcknowledgeMode(AcknowledgeMode.AUTO);
        // An unconfirmed update must return the job to the queue; a rejection on purpose
        // (AmqpRejectAndDontRequeueException) still dead-letters it.
        factory.setDefaultRequeueRejected(true);
        // One ack per job, whatever spring.rabbitmq.listener.simple.batch-size says: a
        // batch
        // is rejected as one, so a job failed on purpose would dead-letter the finished
        // jobs
        // of its batch with it.
        factory.setBatchSize(1);
        // A job runs in a span that continues its request's trace (the job's traceparent
        // header), when the application traces.
        factory.setObservationEnabled(true);
        factory.setConcurrentConsumers(worker.concurrency());
        factory.setMaxConcurrentConsumers(worker.concurrency());
        factory.setPrefetchCount(worker.prefetch());
        factory.setErrorHandler(new QuietRejectingErrorHandler());
        // On shutdown: finish the running job, return the prefetched ones at once.
        factory.setForceStop(true);
        factory
            .setContainerCustomizer((container) -> container.setShutdownTimeout(worker.shutdownTimeout().toMillis()));
        return factory;
    }

    @Bean
    Queue cancelNoticesQueue() {
        return CancelNotices.queue();
    }

    @Bean
    Binding cancelNoticesBinding(Queue cancelNoticesQueue) {
        return CancelNotices.binding(cancelNoticesQueue);
    }

}
