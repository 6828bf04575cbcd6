package io.backchannel.node.web;

import java.io.IOException;
import java.time.Duration;

import io.backchannel.contracts.http.ProblemType;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one mapping of failures to answers, shared by the HTTP API and a socket's submits.
 */
class RefusalTests {

    private static final RetryAdvice TWO_SECONDS = () -> Duration.ofSeconds(2);

    @Test
    void aProblemAnywhereInTheCauseChain_isTheAnswer() {
        ApiProblemException conflict = new ApiProblemException(ProblemType.CONFLICT, "Taken.");
        assertThat(Refusal.of(conflict, "test")).isEqualTo(new Refusal(ProblemType.CONFLICT, "Taken.", null));
        assertThat(Refusal.of(new IllegalStateException("wrapped", conflict), "test").type())
            .isEqualTo(ProblemType.CONFLICT);
    }

    @Test
    void aStoreThatDoesNotAnswer_isUnavailable_wrappedOrNot() {
        assertThat(Refusal.of(new RedisConnectionFailureException("down"), "test").type())
            .isEqualTo(ProblemType.UNAVAILABLE);
        assertThat(Refusal.of(new QueryTimeoutException("slow"), "test").type()).isEqualTo(ProblemType.UNAVAILABLE);
        assertThat(Refusal.of(new IllegalStateException(new RedisConnectionFailureException("down")), "test").type())
            .isEqualTo(ProblemType.UNAVAILABLE);
        assertThat(Refusal.of(new RedisSystemException("lost", new IOException("reset")), "test").type())
            .isEqualTo(ProblemType.UNAVAILABLE);
    }

    @Test
    void anythingElse_isInternal_andDisclosesNothing() {
        Refusal refusal = Refusal.of(new IllegalStateException("secret detail"), "test");
        assertThat(refusal.type()).isEqualTo(ProblemType.INTERNAL);
        assertThat(refusal.detail()).isEqualTo(Refusal.INTERNAL).doesNotContain("secret");
    }

    @Test
    void retryAfter_isGivenInWholeSecondsRoundedUp_onlyForUnavailableAndRateLimited() {
        assertThat(new Refusal(ProblemType.UNAVAILABLE, "x", null).retryAfterSeconds(TWO_SECONDS)).isEqualTo(2);
        assertThat(new Refusal(ProblemType.RATE_LIMITED, "x", Duration.ofMillis(1500)).retryAfterSeconds(TWO_SECONDS))
            .isEqualTo(2);
        assertThat(new Refusal(ProblemType.RATE_LIMITED, "x", Duration.ofMillis(1)).retryAfterSeconds(TWO_SECONDS))
            .isEqualTo(1);
        assertThat(new Refusal(ProblemType.RATE_LIMITED, "x", Duration.ZERO).retryAfterSeconds(TWO_SECONDS))
            .isEqualTo(1);
        assertThat(new Refusal(ProblemType.CONFLICT, "x", null).retryAfterSeconds(TWO_SECONDS)).isNull();
    }

}
