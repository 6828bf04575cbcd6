package io.backchannel.node.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.redis.EventIds;
import io.backchannel.contracts.ws.InboxFrame;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Via;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Design note 1 as the cursor keeps it: per socket, the inbox exactly, in order, each
 * event once, whatever the push loses, reorders or repeats.
 */
class DeliveryCursorTests {

    private final DeliveryCursor cursor = new DeliveryCursor();

    private final FakeInbox inbox = new FakeInbox(3);

    private final FakeSocket socket = new FakeSocket();

    @Test
    void pushesInOrder_areWrittenAsTheyCame_withoutReadingTheInbox() {
        this.inbox.append(2);
        offer(1, Via.LOCAL);
        offer(2, Via.BACKPLANE);

        assertThat(this.socket.written()).containsExactly("1-0 local", "2-0 backplane");
        assertThat(this.inbox.reads.get()).isZero();
    }

    @Test
    void anEventAtOrBeforeTheCursor_isDropped() {
        this.inbox.append(2);
        offer(1, Via.LOCAL);
        offer(2, Via.LOCAL);

        offer(1, Via.BACKPLANE);
        offer(2, Via.LOCAL);
        doorbell(2, Via.LOCAL);

        assertThat(this.socket.written()).containsExactly("1-0 local", "2-0 local");
        assertThat(this.inbox.reads.get()).isZero();
    }

    @Test
    void anEventThatOvertookAnother_makesTheSocketReadTheGap_andTheLateOneIsDropped() {
        this.inbox.append(3);
        offer(1, Via.LOCAL);

        offer(3, Via.BACKPLANE);
        offer(2, Via.LOCAL);

        assertThat(this.socket.written()).containsExactly("1-0 local", "2-0 replay", "3-0 backplane");
        assertThat(this.inbox.reads.get()).isEqualTo(1);
    }

    @Test
    void aDoorbell_makesTheSocketReadItsInbox_andTheRungEventKeepsItsWay() {
        this.inbox.append(2);

        doorbell(2, Via.BACKPLANE);

        assertThat(this.socket.written()).containsExactly("1-0 replay", "2-0 backplane");
    }

    @Test
    void startAfter_resumesAfterTheClientsLastEvent() {
        this.inbox.append(4);

        this.cursor.startAfter("2-0", () -> this.cursor.catchUp(this.inbox, this.socket));

        assertThat(this.socket.written()).containsExactly("3-0 replay", "4-0 replay");
    }

    @Test
    void aReplay_readsBatchAfterBatch_untilAShortOne() {
        this.inbox.append(7);

        this.cursor.catchUp(this.inbox, this.socket);

        assertThat(this.socket.written()).hasSize(7).last().isEqualTo("7-0 replay");
        assertThat(this.inbox.reads.get()).isEqualTo(3);
    }

    @Test
    void aFrameTheSocketDidNotTake_leavesTheCursor_andStopsTheReplay() {
        this.inbox.append(3);
        offer(1, Via.LOCAL);
        this.socket.refuseNext = 1;

        this.cursor.catchUp(this.inbox, this.socket);
        assertThat(this.socket.written()).containsExactly("1-0 local");
        assertThat(this.inbox.reads.get()).isEqualTo(1);

        this.cursor.catchUp(this.inbox, this.socket);
        assertThat(this.socket.written()).containsExactly("1-0 local", "2-0 replay", "3-0 replay");
    }

    @Test
    void aClosedSocket_getsNothing_andReadsNothing() {
        this.inbox.append(2);
        this.socket.open = false;

        offer(1, Via.LOCAL);
        doorbell(2, Via.LOCAL);
        this.cursor.catchUp(this.inbox, this.socket);

        assertThat(this.socket.written()).isEmpty();
        assertThat(this.inbox.reads.get()).isZero();
    }

    @Test
    void startAfter_holdsPushesBack_untilTheOpeningIsDone() throws Exception {
        this.inbox.append(1);
        CountDownLatch opening = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> hello = threads.submit(() -> this.cursor.startAfter(EventIds.START, () -> {
                opening.countDown();
                await(release);
                this.socket.note("welcome");
                this.cursor.catchUp(this.inbox, this.socket);
            }));
            assertThat(opening.await(5, TimeUnit.SECONDS)).isTrue();
            Thread push = Thread.ofPlatform().start(() -> offer(1, Via.LOCAL));
            // Parked on the cursor's lock, which the hello holds: it has written nothing.
            org.awaitility.Awaitility.await()
                .atMost(5, TimeUnit.SECONDS)
                .until(() -> push.getState() == Thread.State.WAITING);
            assertThat(push.isAlive()).isTrue();
            assertThat(this.socket.written()).isEmpty();
            release.countDown();
            hello.get(5, TimeUnit.SECONDS);
            assertThat(push.join(java.time.Duration.ofSeconds(5))).isTrue();
        }
        finally {
            threads.shutdownNow();
        }
        assertThat(this.socket.written()).containsExactly("welcome", "1-0 replay");
    }

    @Test
    void pushesFromManyThreads_lostReorderedAndRepeated_stillWriteTheInboxExactly() throws Exception {
        int events = 300;
        this.inbox.append(events);
        List<Runnable> pushes = new ArrayList<>();
        Random random = new Random(42);
        for (int n = 1; n <= events; n++) {
            int event = n;
            int copies = random.nextInt(3);
            for (int i = 0; i < copies; i++) {
                Via via = Via.values()[random.nextInt(2)];
                pushes.add(random.nextInt(4) == 0 ? () -> doorbell(event, via) : () -> offer(event, via));
            }
        }
        Collections.shuffle(pushes, random);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            for (Future<?> push : threads.invokeAll(pushes.stream().map(Executors::callable).toList())) {
                push.get();
            }
        }
        finally {
            threads.shutdownNow();
        }
        this.cursor.catchUp(this.inbox, this.socket);

        List<String> ids = this.socket.written().stream().map((line) -> line.substring(0, line.indexOf(' '))).toList();
        assertThat(ids).hasSize(events);
        for (int n = 1; n <= events; n++) {
            assertThat(ids.get(n - 1)).isEqualTo(n + "-0");
        }
    }

    private void offer(int event, Via via) {
        this.cursor.offer(new PushedEvent(id(event), previous(event), frame(event)), via, this.inbox, this.socket);
    }

    private void doorbell(int event, Via via) {
        this.cursor.offer(new PushedEvent(id(event), previous(event), null), via, this.inbox, this.socket);
    }

    private static String id(int event) {
        return event + "-0";
    }

    private static String previous(int event) {
        return (event > 1) ? id(event - 1) : null;
    }

    private static UpdateFrame frame(int event) {
        return new UpdateFrame(id(event), CorrelationId.of(new UUID(0, event).toString()), RequestStatus.RUNNING, null,
                null, null, null, 1, null);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** An inbox of events 1-0, 2-0, ... */
    private static final class FakeInbox implements DeliveryCursor.Backlog {

        private final List<InboxFrame> events = new ArrayList<>();

        private final int batchSize;

        final AtomicInteger reads = new AtomicInteger();

        FakeInbox(int batchSize) {
            this.batchSize = batchSize;
        }

        void append(int count) {
            for (int n = 1; n <= count; n++) {
                this.events.add(frame(n));
            }
        }

        @Override
        public List<InboxFrame> after(String eventId) {
            this.reads.incrementAndGet();
            return this.events.stream()
                .filter((event) -> EventIds.compare(event.eventId(), eventId) > 0)
                .limit(this.batchSize)
                .toList();
        }

        @Override
        public int batchSize() {
            return this.batchSize;
        }

    }

    /** Notes what was written to it, as "eventId via". */
    private static final class FakeSocket implements DeliveryCursor.Writer {

        private final List<String> written = Collections.synchronizedList(new ArrayList<>());

        volatile boolean open = true;

        volatile int refuseNext;

        @Override
        public boolean isOpen() {
            return this.open;
        }

        @Override
        public boolean write(InboxFrame frame, Via via) {
            if (this.refuseNext > 0) {
                this.refuseNext--;
                return false;
            }
            note(frame.eventId() + " " + via.wire());
            return true;
        }

        void note(String line) {
            this.written.add(line);
        }

        List<String> written() {
            return List.copyOf(this.written);
        }

    }

}
