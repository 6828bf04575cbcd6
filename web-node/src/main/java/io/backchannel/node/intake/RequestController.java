package io.backchannel.node.intake;

import java.net.URI;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.http.RequestView;
import io.backchannel.contracts.http.SubmitRequest;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.node.web.ApiProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/requests} and {@code GET /api/requests/{correlationId}} of protocol
 * v1. The caller is authenticated by {@link BearerAuthentication} before this runs.
 */
@RestController
@RequestMapping(RequestController.PATH)
class RequestController {

    static final String PATH = "/api/requests";

    private final RequestIntake intake;

    RequestController(RequestIntake intake) {
        this.intake = intake;
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

    @GetMapping("/{correlationId}")
    RequestView find(@RequestAttribute(BearerAuthentication.CLIENT) ClientId client,
            @PathVariable String correlationId) {
        RequestView view = this.intake.find(client, correlationId);
        if (view == null) {
            throw new ApiProblemException(ProblemType.NOT_FOUND, "There is no request with this id for this client.");
        }
        return view;
    }

}
