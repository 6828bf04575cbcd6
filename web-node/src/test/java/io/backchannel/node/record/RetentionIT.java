package io.backchannel.node.record;

import java.util.List;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.node.HttpApi.Session;
import io.backchannel.node.LiveNode;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.data.redis.core.StringRedisTemplate;

import static io.backchannel.node.HttpApi.json;
import static io.backchannel.node.HttpApi.newId;
import static io.backchannel.node.HttpApi.timedBody;
import static io.backchannel.node.RequestEnds.workerSends;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How long a record stays: its job type's retention where one is set
 * ({@code backchannel.records.retention-by-type}), the default retention otherwise, from
 * intake (deadline plus retention) and again from its terminal update.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "backchannel.node.id=retention-it", "backchannel.intake.job-types=kept-long,kept-default",
                "backchannel.records.retention=1h", "backchannel.records.retention-by-type.kept-long=5h" })
class RetentionIT extends LiveNode {

    private static final long HOUR = 3600;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    StringRedisTemplate redis;

    @Override
    protected List<String> testTypes() {
        return List.of("kept-long", "kept-default");
    }

    @Test
    void aTypeWithARetentionOfItsOwn_keepsItsRecordThatLong_fromIntakeAndAfterItsEnd() {
        assertRecordKept("kept-long", 5 * HOUR);
    }

    @Test
    void anyOtherType_keepsTheDefaultRetention() {
        assertRecordKept("kept-default", HOUR);
    }

    /**
     * The record's TTL: deadline (60 s) plus the retention, then the retention from its
     * end.
     */
    private void assertRecordKept(String type, long retentionSeconds) {
        Session client = this.api.session();
        String id = newId();
        this.api.submit(client, timedBody(id, type, 60_000L));
        String key = RedisKeys.record(ClientId.of(client.clientId()), CorrelationId.of(id));
        assertThat(this.redis.getExpire(key)).as("at intake").isBetween(retentionSeconds + 50, retentionSeconds + 61);

        workerSends(this.rabbit, client, id, RequestStatus.SUCCEEDED);

        await().until(() -> "SUCCEEDED".equals(json(this.api.get(client, id)).get("status").asString()));
        assertThat(this.redis.getExpire(key)).as("after its end").isBetween(retentionSeconds - 10, retentionSeconds);
    }

}
