package io.backchannel.node.cancel;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.http.RequestView;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.InvalidIdException;
import io.backchannel.node.auth.BearerAuthentication;
import io.backchannel.node.web.ApiProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE /api/requests/{correlationId}}: the owner cancels a request. The caller
 * is authenticated by {@link BearerAuthentication} before this runs.
 */
@RestController
class CancelController {

    private final RequestCancel cancel;

    CancelController(RequestCancel cancel) {
        this.cancel = cancel;
    }

    /**
     * 202 with the record when this call cancelled the request, 200 with it when it had
     * already ended (nothing changes), 404 for an unknown id or another client's: telling
     * them apart would only help someone probing.
     */
    @DeleteMapping("/api/requests/{correlationId}")
    ResponseEntity<RequestView> cancel(@RequestAttribute(BearerAuthentication.CLIENT) ClientId client,
            @PathVariable String correlationId) {
        CancelOutcome outcome = null;
        try {
            outcome = this.cancel.cancel(client, CorrelationId.of(correlationId));
        }
        catch (InvalidIdException ex) {
            // Simply not found, as an unknown id.
        }
        if (outcome == null) {
            throw new ApiProblemException(ProblemType.NOT_FOUND, "There is no request with this id for this client.");
        }
        return ResponseEntity.status(outcome.cancelled() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(outcome.view());
    }

}
