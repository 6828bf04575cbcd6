package io.backchannel.load.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.ws.Route;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Via;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TallyTests {

    private final List<Completion> completions = new ArrayList<>();

    private final Tally tally = new Tally(this.completions::add);

    @Test
    void request_completes_whenAcceptedAndTerminal_evenIfTheUpdateBeatsThe202() {
        CorrelationId id = newId();
        this.tally.submitted(id, 100);
        this.tally.onUpdate(update(id, "1-1", RequestStatus.SUCCEEDED, Via.BACKPLANE), 300);
        assertThat(this.completions).isEmpty();
        assertThat(this.tally.pending()).isZero();
        this.tally.accepted(id, 400);
        assertThat(this.completions).singleElement().satisfies((c) -> {
            assertThat(c.totalNanos()).isEqualTo(200);
            assertThat(c.submitNanos()).isEqualTo(300);
            assertThat(c.deliveryNanos()).isZero();
            assertThat(c.via()).isEqualTo(Via.BACKPLANE);
        });
        assertThat(this.tally.counts(Duration.ZERO).clean()).isTrue();
    }

    @Test
    void progressUpdates_countByPath_butDoNotComplete() {
        CorrelationId id = newId();
        this.tally.submitted(id, 0);
        this.tally.accepted(id, 10);
        this.tally.onUpdate(update(id, "1-1", RequestStatus.RUNNING, Via.LOCAL), 20);
        assertThat(this.tally.pending()).isEqualTo(1);
        this.tally.onUpdate(update(id, "1-2", RequestStatus.FAILED, Via.LOCAL), 30);
        TallyCounts counts = this.tally.counts(Duration.ZERO);
        assertThat(counts.completed()).isEqualTo(1);
        assertThat(counts.updatesVia()).containsEntry("local", 2L).containsEntry("backplane", 0L);
        assertThat(counts.terminalsVia()).containsEntry("local", 1L);
    }

    @Test
    void secondTerminalEvent_isADuplicate_butTheSameEventOnAnotherSocketIsACopy() {
        CorrelationId id = newId();
        this.tally.submitted(id, 0);
        this.tally.accepted(id, 10);
        this.tally.onUpdate(update(id, "5-0", RequestStatus.SUCCEEDED, Via.LOCAL), 20);
        this.tally.onUpdate(update(id, "5-0", RequestStatus.SUCCEEDED, Via.BACKPLANE), 21);
        this.tally.onUpdate(update(id, "6-0", RequestStatus.SUCCEEDED, Via.REPLAY), 22);
        TallyCounts counts = this.tally.counts(Duration.ZERO);
        assertThat(counts.copies()).isEqualTo(1);
        assertThat(counts.duplicateTerminals()).isEqualTo(1);
        assertThat(counts.duplicateSamples()).singleElement().asString().contains(id.value(), "6-0");
        assertThat(counts.clean()).isFalse();
        assertThat(this.completions).hasSize(1);
    }

    @Test
    void acceptedWithoutTerminal_isLost_onlyAfterTheTimeAllowed() {
        CorrelationId id = newId();
        this.tally.submitted(id, System.nanoTime());
        this.tally.accepted(id, System.nanoTime());
        assertThat(this.tally.counts(Duration.ofMinutes(1)).lost()).isZero();
        TallyCounts counts = this.tally.counts(Duration.ZERO);
        assertThat(counts.lost()).isEqualTo(1);
        assertThat(counts.lostSamples()).containsExactly(id.value());
        assertThat(counts.clean()).isFalse();
    }

    @Test
    void refusedRequests_areOwedNothing_andStrangersAreCountedApart() {
        CorrelationId id = newId();
        this.tally.submitted(id, 0);
        this.tally.refused(id);
        this.tally.onUpdate(update(newId(), "1-0", RequestStatus.SUCCEEDED, Via.LOCAL), 5);
        this.tally.onRepeated(update(id, "1-0", RequestStatus.SUCCEEDED, Via.LOCAL));
        TallyCounts counts = this.tally.counts(Duration.ZERO);
        assertThat(counts.refused()).isEqualTo(1);
        assertThat(counts.lost()).isZero();
        assertThat(counts.unknownTerminals()).isEqualTo(1);
        assertThat(counts.repeatedFrames()).isEqualTo(1);
    }

    @Test
    void requestGivenUpThenSentAgainAndAccepted_countsAsAcceptedOnly() {
        CorrelationId id = newId();
        this.tally.submitted(id, 0);
        this.tally.refused(id);
        this.tally.accepted(id, 5);
        this.tally.accepted(id, 6);
        this.tally.refused(id);
        TallyCounts counts = this.tally.counts(Duration.ZERO);
        assertThat(counts.accepted()).isEqualTo(1);
        assertThat(counts.refused()).isZero();
        assertThat(counts.sending()).isZero();
        assertThat(counts.lost()).isEqualTo(1);
    }

    @Test
    void completion_futureCompletes_forClosedLoops() throws Exception {
        CorrelationId id = newId();
        var future = this.tally.submitted(id, 0);
        this.tally.accepted(id, 1);
        assertThat(future).isNotDone();
        this.tally.onUpdate(update(id, "1-0", RequestStatus.SUCCEEDED, Via.LOCAL), 2);
        assertThat(future.get().id()).isEqualTo(id);
        assertThat(this.tally.awaitSettled(Duration.ZERO)).isTrue();
    }

    static CorrelationId newId() {
        return CorrelationId.of(UUID.randomUUID().toString());
    }

    static UpdateFrame update(CorrelationId id, String eventId, RequestStatus status, Via via) {
        return new UpdateFrame(eventId, id, status, null, null, null, null, 1,
                new Route("node-1", "node-2", "node-3", via));
    }

}
