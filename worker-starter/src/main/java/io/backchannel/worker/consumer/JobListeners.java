package io.backchannel.worker.consumer;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.JobType;
import io.backchannel.worker.jobs.JobHandler;

import org.springframework.amqp.rabbit.annotation.RabbitListenerConfigurer;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerEndpoint;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistrar;

/**
 * Registers one listener container per {@link JobHandler} bean, on the queue
 * {@code bc.jobs.{type}}; container ids are {@code jobs.{type}}.
 */
class JobListeners implements RabbitListenerConfigurer {

    private final List<JobHandler> handlers;

    private final JobRunner runner;

    private final FinishedJobs finished;

    private final JobMeters meters;

    private final SimpleRabbitListenerContainerFactory containerFactory;

    private final StopCheck stops;

    JobListeners(List<JobHandler> handlers, JobRunner runner, FinishedJobs finished, JobMeters meters,
            @Qualifier(ConsumerConfiguration.CONTAINER_FACTORY) SimpleRabbitListenerContainerFactory containerFactory,
            StopCheck stops) {
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
            SimpleRabbitListenerEndpoint endpoint = new SimpleRabbitListenerEndpoint();
            endpoint.setId("jobs." + handler.type());
            endpoint.setQueueNames(Topology.jobQueue(handler.type()));
            endpoint.setMessageListener(new JobListener(handler, this.runner, this.finished, this.meters, this.stops));
            registrar.registerEndpoint(endpoint, this.containerFactory);
        }
    }

}
