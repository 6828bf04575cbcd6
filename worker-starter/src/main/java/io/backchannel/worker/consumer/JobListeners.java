package io.backchannel.worker.consumer;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.JobType;
import io.backchannel.worker.WorkerProperties;
import io.backchannel.worker.jobs.JobHandler;

import org.springframework.amqp.core.MessageListenerContainer;
import org.springframework.amqp.rabbit.annotation.RabbitListenerConfigurer;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerEndpoint;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistrar;

/**
 * Registers one listener container per {@link JobHandler} bean, on the queue
 * {@code bc.jobs.{type}}; container ids are {@code jobs.{type}}. Each takes its type's
 * concurrency and prefetch ({@link WorkerProperties#concurrencyOf},
 * {@link WorkerProperties#prefetchOf}); settings for a type no handler runs fail the
 * start, since they would be a typo that silently changes nothing.
 */
class JobListeners implements RabbitListenerConfigurer {

    private final List<JobHandler> handlers;

    private final JobRunner runner;

    private final FinishedJobs finished;

    private final JobMeters meters;

    private final SimpleRabbitListenerContainerFactory containerFactory;

    private final StopCheck stops;

    private final WorkerProperties properties;

    JobListeners(WorkerProperties properties, List<JobHandler> handlers, JobRunner runner, FinishedJobs finished,
            JobMeters meters,
            @Qualifier(ConsumerConfiguration.CONTAINER_FACTORY) SimpleRabbitListenerContainerFactory containerFactory,
            StopCheck stops) {
        this.properties = properties;
        this.stops = stops;
        this.handlers = handlers;
        this.meters = meters;
        this.runner = runner;
        this.finished = finished;
        this.containerFactory = containerFactory;
    }

    @Override
    public void configureRabbitListeners(RabbitListenerEndpointRegistrar registrar) {
        Set<JobType> seen = new HashSet<>();
        for (JobHandler handler : this.handlers) {
            if (!seen.add(handler.type())) {
                throw new IllegalStateException("Two job handlers for the type " + handler.type());
            }
            int prefetch = this.properties.prefetchOf(handler.type());
            SimpleRabbitListenerEndpoint endpoint = new SimpleRabbitListenerEndpoint() {

                // The factory's prefetch is the worker-wide one; the container is set up
                // here
                // after it, so the job type's own wins.
                @Override
                public void setupListenerContainer(MessageListenerContainer container) {
                    super.setupListenerContainer(container);
                    ((AbstractMessageListenerContainer) container).setPrefetchCount(prefetch);
                }

            };
            endpoint.setId("jobs." + handler.type());
            endpoint.setQueueNames(Topology.jobQueue(handler.type()));
            endpoint.setMessageListener(new JobListener(handler, this.runner, this.finished, this.meters, this.stops));
            int consumers = this.properties.concurrencyOf(handler.type());
            endpoint.setConcurrency(consumers + "-" + consumers);
            registrar.registerEndpoint(endpoint, this.containerFactory);
        }
        Set<String> unknown = new TreeSet<>(this.properties.types().keySet());
        seen.forEach((type) -> unknown.remove(type.value()));
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("backchannel.worker.types names job types no handler runs: " + unknown
                    + " (handlers: " + seen + ")");
        }
    }

}
