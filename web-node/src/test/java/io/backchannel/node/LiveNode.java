package io.backchannel.node;

import java.util.List;

import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.JobType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the integration tests that call a whole node ({@code @SpringBootTest} on a
 * random port) over its API. Every test starts with the broker topology declared, the
 * queues of the test's own job types included, and leaves none of those behind.
 */
public abstract class LiveNode extends LiveServices {

    @LocalServerPort
    protected int port;

    @Autowired
    protected AmqpAdmin admin;

    protected HttpApi api;

    @BeforeEach
    void declareTopology() {
        this.admin.initialize();
        this.api = new HttpApi(this.port);
    }

    @AfterEach
    void deleteTestQueues() {
        testTypes().forEach((type) -> this.admin.deleteQueue(Topology.jobQueue(JobType.of(type))));
    }

    /** The job types only this test class uses (no worker consumes their queues). */
    protected abstract List<String> testTypes();

}
