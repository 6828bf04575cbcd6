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

/**
 * The listener containers of the job queues: Spring Boot's settings
 * ({@code spring.rabbitmq.listener.simple.*}) first, then the worker's.
 */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

    /** Named as Spring Boot's own, which it replaces. */
    @Bean
    SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(
            SimpleRabbitListenerContainerFactoryConfigurer configurer, ConnectionFactory connectionFactory,
            WorkerProperties worker) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        configurer.configure(factory, connectionFactory);
        // The container acks when the listener returns, and only then: never auto-ack.
        factory.setAcknowledgeMode(AcknowledgeMode.AUTO);
        // An unconfirmed update must return the job to the queue; a rejection on purpose
        // (AmqpRejectAndDontRequeueException) still dead-letters it.
        factory.setDefaultRequeueRejected(true);
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
