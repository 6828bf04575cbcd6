package io.backchannel.node.intake;

import java.net.http.HttpResponse;
import java.util.List;

import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.redis.RecordField;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.node.HttpApi.Session;
import io.backchannel.node.LiveNode;
import io.backchannel.node.record.RequestRecords;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static io.backchannel.node.HttpApi.body;
import static io.backchannel.node.HttpApi.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;

/**
 * A Redis connection lost between the broker's confirm of a job and the note of it in the
 * record (the fault suite hit this while Redis restarted): the client must be told 202,
 * since the job is queued and will run, never 500. Real Redis and RabbitMQ; only that one
 * call is made to fail.
 */
// The deadline sweeper and the ended-request batches call the spied records from threads
// of their own, which races Mockito's stubbing: they wait out the test.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "backchannel.node.id=mark-it", "backchannel.intake.job-types=echo,mark-probe",
                "backchannel.deadlines.sweep-interval=1h", "backchannel.deadlines.forget-interval=1h" })
class MarkPublishedIT extends LiveNode {

    private static final String QUEUE = Topology.jobQueue(JobType.of("mark-probe"));

    @MockitoSpyBean
    RequestRecords records;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    StringRedisTemplate redis;

    @Override
    protected List<String> testTypes() {
        return List.of("mark-probe");
    }

    @Test
    void aConnectionResetOnce_isRetried_andARepeatStartsNoSecondJob() throws Exception {
        doThrow(new RedisConnectionFailureException("Connection reset by peer")).doCallRealMethod()
            .when(this.records)
            .markPublished(any(), any());
        Session session = this.api.session();
        String id = newId();

        HttpResponse<String> first = this.api.submit(session, body(id, "mark-probe", "{}"));
        HttpResponse<String> repeat = this.api.submit(session, body(id, "mark-probe", "{}"));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(published(session, id)).isEqualTo("1");
        assertThat(jobs(id)).isEqualTo(1);
    }

    @Test
    void redisAwayAfterTheConfirm_isStill202_forAJobThatIsQueued() throws Exception {
        doThrow(new RedisConnectionFailureException("Connection reset by peer")).when(this.records)
            .markPublished(any(), any());
        Session session = this.api.session();
        String id = newId();

        HttpResponse<String> response = this.api.submit(session, body(id, "mark-probe", "{}"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(published(session, id)).isEqualTo("0");
        assertThat(jobs(id)).isEqualTo(1);
    }

    /** Takes every job off the test queue; how many carry the id. */
    private int jobs(String id) {
        int count = 0;
        for (Message job = this.rabbit.receive(QUEUE, 2000); job != null; job = this.rabbit.receive(QUEUE, 200)) {
            if (id.equals(job.getMessageProperties().getCorrelationId())) {
                count++;
            }
        }
        return count;
    }

    private String published(Session session, String id) {
        return (String) this.redis.opsForHash()
            .get(RedisKeys.record(ClientId.of(session.clientId()), CorrelationId.of(id)), RecordField.PUBLISHED);
    }

}
