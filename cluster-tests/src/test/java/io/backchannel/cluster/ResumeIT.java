package io.backchannel.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Via;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A socket that drops mid-job and comes back on another node misses nothing and sees
 * nothing twice.
 */
class ResumeIT {

    private final Cluster cluster = Cluster.shared();

    @Test
    void socketDroppedMidJob_reconnectsToOtherNode_withLastEventId_getsEveryMissedUpdateOnce_asReplay() {
        Node a = this.cluster.node(0);
        Node b = this.cluster.node(1);
        TestClient client = TestClient.register(a);
        TestSocket first = client.connect(a, null);
        String id = TestClient.newCorrelationId();
        assertThat(client.submit(b, id, "report", "{\"steps\":6,\"stepMillis\":150}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> first.updates(id).size() >= 2);
        first.drop();
        List<UpdateFrame> seenBefore = first.updates(id);
        await().atMost(Duration.ofSeconds(20)).until(() -> client.record(b, id).status() == RequestStatus.SUCCEEDED);
        long finalSeq = client.record(b, id).seq();

        TestSocket second = client.connect(b, seenBefore.get(seenBefore.size() - 1).eventId());
        assertThat(second.welcome().truncated()).isFalse();
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(second.updates(id)).anyMatch((u) -> u.status().isTerminal()));

        List<UpdateFrame> replayed = second.updates(id);
        assertThat(replayed).allSatisfy((u) -> {
            assertThat(u.route().via()).isEqualTo(Via.REPLAY);
            assertThat(u.route().deliveredBy()).isEqualTo("node-b");
        });
        List<Long> all = new ArrayList<>();
        seenBefore.forEach((u) -> all.add(u.seq()));
        replayed.forEach((u) -> all.add(u.seq()));
        assertThat(all).doesNotHaveDuplicates().isSorted();
        assertThat(all).containsExactlyElementsOf(LongStream.rangeClosed(1, finalSeq).boxed().toList());
    }

    @Test
    void helloWithoutLastEventId_replaysTheWholeInbox() {
        Node a = this.cluster.node(0);
        TestClient client = TestClient.register(a);
        String id = TestClient.newCorrelationId();
        assertThat(client.submit(a, id, "echo", "{}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> client.record(a, id).status() == RequestStatus.SUCCEEDED);
        TestSocket socket = client.connect(this.cluster.node(2), null);
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(socket.updates(id)).anyMatch((u) -> u.status().isTerminal()));
        assertThat(socket.updates(id)).extracting((u) -> u.route().via()).containsOnly(Via.REPLAY);
    }

    @Test
    void backplaneOutage_onTheSocketsNode_isCaughtUpFromTheInbox_whenItsSubscriptionReturns() {
        Node a = this.cluster.node(0);
        Node c = this.cluster.node(2);
        TestClient client = TestClient.register(a);
        TestSocket socket = client.connect(a, null);
        String id = TestClient.newCorrelationId();
        var subscription = a.context().getBean("backplaneSubscription", RedisMessageListenerContainer.class);
        subscription.stop();
        a.consumeReplies(false);
        this.cluster.node(1).consumeReplies(false);
        try {
            assertThat(client.submit(c, id, "report", "{\"steps\":2,\"stepMillis\":10}").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20))
                .until(() -> client.record(c, id).status() == RequestStatus.SUCCEEDED);
            assertThat(socket.updates(id)).isEmpty();
        }
        finally {
            subscription.start();
            a.consumeReplies(true);
            this.cluster.node(1).consumeReplies(true);
        }
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(socket.updates(id)).anyMatch((u) -> u.status().isTerminal()));
        assertThat(socket.updates(id)).extracting((u) -> u.route().via()).containsOnly(Via.REPLAY);
        assertThat(socket.updates(id)).extracting(UpdateFrame::seq)
            .containsExactlyElementsOf(LongStream.rangeClosed(1, client.record(c, id).seq()).boxed().toList());
    }

}
