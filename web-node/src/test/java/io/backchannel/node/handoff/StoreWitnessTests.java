package io.backchannel.node.handoff;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.cluster.NodeProperties;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a node that Redis does not answer makes of the other nodes' answers: only one
 * later than its own last answer by the lead tells that Redis answers others and not it.
 */
class StoreWitnessTests {

    private static final long OWN_LAST = 1_800_000_000_000L;

    private static final long LEAD = Duration.ofSeconds(2).toMillis();

    private final StoreWitness witness = new StoreWitness(new RabbitTemplate(), null,
            new NodeIdentity(
                    new NodeProperties("node-1", Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofMinutes(2)),
                    Clock.systemUTC()),
            new Queue("q"));

    @Test
    void anOutageEveryNodeSees_answersNoLaterThanOwnLast_doNotTell() {
        // Every node's last answer came within moments of this one's.
        this.witness.onMessage(answer(OWN_LAST + 300));
        this.witness.onMessage(answer(OWN_LAST - 50));

        assertThat(this.witness.peerAnsweredAfter(OWN_LAST + LEAD)).isFalse();
    }

    @Test
    void aNodeThatRedisStillAnswers_tells_andTheLatestAnswerCounts() {
        this.witness.onMessage(answer(OWN_LAST + 5_000));
        this.witness.onMessage(answer(OWN_LAST + 100));

        assertThat(this.witness.peerAnsweredAfter(OWN_LAST + LEAD)).isTrue();
        assertThat(this.witness.latestPeerAnswer()).isEqualTo(OWN_LAST + 5_000);
    }

    @Test
    void anAnswerWithoutATime_orAnUnknownMessage_isIgnored() {
        this.witness.onMessage(MessageBuilder.withBody(new byte[0])
            .setHeader(StoreWitness.KIND, StoreWitness.ANSWER)
            .setHeader(StoreWitness.ANSWERED_AT, "soon")
            .build());
        this.witness.onMessage(MessageBuilder.withBody("hello".getBytes()).build());

        assertThat(this.witness.latestPeerAnswer()).isZero();
        assertThat(this.witness.peerAnsweredAfter(0)).isFalse();
    }

    private static Message answer(long answeredAt) {
        return MessageBuilder.withBody(new byte[0])
            .copyHeaders(Map.of(StoreWitness.KIND, StoreWitness.ANSWER, StoreWitness.NODE, "node-2",
                    StoreWitness.ANSWERED_AT, answeredAt))
            .build();
    }

}
