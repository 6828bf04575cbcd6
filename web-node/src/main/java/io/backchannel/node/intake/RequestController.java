package io.backchannel.node.intake;

import java.net.URI;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.http.RequestList;
import io.backchannel.contracts.http.RequestView;
import io.backchannel.contracts.http.SubmitRequest;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.node.auth.BearerAuthentication;
import io.backchannel.node.record.RequestPage;
import io.backchannel.node.record.RequestRecords;
import io.backchannel.node.record.StoredRecord;
import io.backchannel.node.waiting.WaitPreference;
import io.backchannel.node.waiting.Waiters;
import io.backchannel.node.web.ApiProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code POST /api/requests} and {@code GET /api/requests/{correlationId}} of protocol
 * v1. The caller is authenticated by {@link BearerAuthentication} before this runs.
 */
@RestController
@RequestMapping(RequestController.PATH)
class RequestController {

    static final String PATH = "/api/requests";

    /** RFC 7240; Spring names no constant for it. */
    static final String PREFER = "Prefer";

    static final String PREFERENCE_APPLIED = "Preference-Applied";

    private final RequestIntake intake;

    private final Waiters waiters;

    private final RequestRecords records;

    RequestController(RequestIntake intake, Waiters waiters, RequestRecords records) {
        this.intake = intake;
        this.waiters = waiters;
        this.records = records;
    }

    /**
     * 202 with the new record when this call published the job; 200 with the record when
     * an earlier call with the same correlation id and body already had.
     */
    @PostMapping(consumes = { MediaType.APPLICATION_JSON_VALUE, "application/*+json" })
    ResponseEntity<RequestView> submit(@RequestAttribute(BearerAuthentication.CLIENT) ClientId client,
            @RequestBody SubmitRequest request) {
        SubmitOutcome.Accepted submission = this.intake.submit(client, request, IntakeMeters.Via.HTTP);
        return ResponseEntity.status(submission.published() ? HttpStatus.ACCEPTED : HttpStatus.OK)
            .location(URI.create(PATH + "/" + submission.view().correlationId()))
            .body(submission.view());
    }

    /**
     * As {@link #submit}, with {@code Prefer: wait=N} (RFC 7240; N at most 60): the
     * answer waits, holding no thread, until the request ends (200 with the terminal
     * record) or N seconds pass (the usual 202, or 200 for a repeat, with the record as
     * it stands), with {@code Preference-Applied: wait=N}. A {@code Prefer} without a
     * wait is answered at once.
     */
    @PostMapping(consumes = { MediaType.APPLICATION_JSON_VALUE, "application/*+json" }, headers = PREFER)
    DeferredResult<ResponseEntity<RequestView>> submitAndWait(
            @RequestAttribute(BearerAuthentication.CLIENT) ClientId client, @RequestBody SubmitRequest request,
            @RequestHeader(PREFER) String prefer) {
        SubmitOutcome.Accepted submission = this.intake.submit(client, request, IntakeMeters.Via.HTTP);
        RequestView view = submission.view();
        HttpStatus status = submission.published() ? HttpStatus.ACCEPTED : HttpStatus.OK;
        URI location = URI.create(PATH + "/" + view.correlationId());
        WaitPreference wait = WaitPreference.parse(prefer);
        if (wait == null) {
            return answered(ResponseEntity.status(status).location(location).body(view));
        }
        return this.waiters.await(client, view.correlationId(), wait, Waiters.Until.end(),
                (record) -> ResponseEntity.status(record.status().isTerminal() ? HttpStatus.OK : status)
                    .location(location)
                    .header(PREFERENCE_APPLIED, wait.applied())
                    .body(record.view()));
    }

    /**
     * The caller's own requests, newest first, a page at a time, from any node:
     * {@code status} (comma-separated) keeps those in the statuses named, {@code limit}
     * (1 to 100, default 20) bounds the page, {@code before} is the {@code next} of the
     * page before.
     */
    @GetMapping
    RequestList list(@RequestAttribute(BearerAuthentication.CLIENT) ClientId client,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "limit", required = false) String limit,
            @RequestParam(name = "before", required = false) String before) {
        RequestPage page = this.records.list(client, ListQuery.statuses(status), ListQuery.limit(limit),
                ListQuery.cursor(before));
        return new RequestList(page.records().stream().map(StoredRecord::view).toList(),
                (page.next() != null) ? ListQuery.cursor(page.next()) : null);
    }

    /**
     * The record, with {@code ETag: "<seq>"}; {@code 304} when {@code If-None-Match}
     * names its seq.
     */
    @GetMapping("/{correlationId}")
    ResponseEntity<RequestView> find(@RequestAttribute(BearerAuthentication.CLIENT) ClientId client,
            @PathVariable String correlationId,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        StoredRecord record = this.intake.record(client, correlationId);
        if (record == null) {
            throw notFound();
        }
        return conditional(record, SeqTag.parse(ifNoneMatch), null);
    }

    /**
     * A long poll: with {@code If-None-Match: "<seq>"} and {@code Prefer: wait=N}, the
     * answer waits, holding no thread, until the record moves past that seq (200) or N
     * seconds pass (304), with {@code Preference-Applied: wait=N}. Without both it is
     * {@link #find}.
     */
    @GetMapping(path = "/{correlationId}", headers = { PREFER, HttpHeaders.IF_NONE_MATCH })
    DeferredResult<ResponseEntity<RequestView>> poll(@RequestAttribute(BearerAuthentication.CLIENT) ClientId client,
            @PathVariable String correlationId, @RequestHeader(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @RequestHeader(PREFER) String prefer) {
        StoredRecord record = this.intake.record(client, correlationId);
        if (record == null) {
            throw notFound();
        }
        Long seen = SeqTag.parse(ifNoneMatch);
        WaitPreference wait = WaitPreference.parse(prefer);
        if (seen == null || wait == null || record.seq() != seen || record.status().isTerminal()) {
            return answered(conditional(record, seen, null));
        }
        return this.waiters.await(client, record.correlationId(), wait, Waiters.Until.after(seen),
                (now) -> conditional(now, seen, wait));
    }

    /**
     * 304 when the client holds the record's seq already, else 200; both with the ETag.
     */
    private static ResponseEntity<RequestView> conditional(StoredRecord record, Long seen, WaitPreference wait) {
        boolean held = seen != null && seen == record.seq();
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(held ? HttpStatus.NOT_MODIFIED : HttpStatus.OK)
            .eTag(SeqTag.of(record.seq()));
        if (wait != null) {
            answer.header(PREFERENCE_APPLIED, wait.applied());
        }
        return held ? answer.build() : answer.body(record.view());
    }

    private static DeferredResult<ResponseEntity<RequestView>> answered(ResponseEntity<RequestView> answer) {
        DeferredResult<ResponseEntity<RequestView>> now = new DeferredResult<>();
        now.setResult(answer);
        return now;
    }

    private static ApiProblemException notFound() {
        return new ApiProblemException(ProblemType.NOT_FOUND, "There is no request with this id for this client.");
    }

}
