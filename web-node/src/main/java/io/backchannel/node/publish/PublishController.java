package io.backchannel.node.publish;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.http.PublishAnswer;
import io.backchannel.contracts.http.PublishRequest;
import io.backchannel.node.auth.AuthMode;
import io.backchannel.node.auth.AuthProperties;
import io.backchannel.node.auth.BearerAuthentication;
import io.backchannel.node.auth.Identity;
import io.backchannel.node.web.ApiProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/publish}: the application's backend sends an event to every socket of
 * one of its users. Only in {@code jwt} mode, with a token that grants the publish scope
 * ({@code backchannel.auth.jwt.publish-scope}).
 */
@RestController
class PublishController {

    static final String PATH = "/api/publish";

    private final EventPublisher publisher;

    private final AuthProperties auth;

    PublishController(EventPublisher publisher, AuthProperties auth) {
        this.publisher = publisher;
        this.auth = auth;
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PublishAnswer> publish(@RequestAttribute(BearerAuthentication.IDENTITY) Identity identity,
            @RequestBody PublishRequest request) {
        if (this.auth.mode() != AuthMode.JWT) {
            throw new ApiProblemException(ProblemType.NOT_FOUND,
                    "Publishing to users needs backchannel.auth.mode=jwt: anonymous clients are no one to publish to.");
        }
        String scope = this.auth.jwt().publishScope();
        if (!identity.hasScope(scope)) {
            throw new ApiProblemException(ProblemType.FORBIDDEN, "Publishing needs a token with the scope '" + scope
                    + "'; this one is a user's, or a service's without it.");
        }
        EventPublisher.Published published = this.publisher.publish(request);
        return ResponseEntity.status(published.stored() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(published.answer());
    }

}
