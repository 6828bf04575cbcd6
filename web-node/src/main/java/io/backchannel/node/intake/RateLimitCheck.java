package io.backchannel.node.intake;

import java.time.Duration;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.node.auth.BearerAuthentication;
import io.backchannel.node.limits.ClientRateLimiter;
import io.backchannel.node.web.ApiProblemException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Answers 429 with Retry-After to a client over its request rate, after the token check
 * (the rate is per client) and before the body is read (a flood costs no parsing). Only
 * submissions count: reading a record back is one Redis read, and a client polling many
 * requests must not starve its own submissions. A socket's submits draw from the same
 * budget ({@link #check}).
 */
class RateLimitCheck implements HandlerInterceptor {

    private final ClientRateLimiter limiter;

    RateLimitCheck(ClientRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // A call answered later (Prefer: wait) comes through again to be answered: it was
        // counted once.
        if (!HttpMethod.POST.matches(request.getMethod()) || request.getDispatcherType() == DispatcherType.ASYNC) {
            return true;
        }
        check((ClientId) request.getAttribute(BearerAuthentication.CLIENT));
        return true;
    }

    /**
     * Takes one submission from the client's budget.
     * @throws ApiProblemException {@code rate_limited}, with the wait until the next
     * token, when the budget is spent
     */
    void check(ClientId client) {
        Duration wait = this.limiter.acquire(client);
        if (!wait.isZero()) {
            throw new ApiProblemException(ProblemType.RATE_LIMITED,
                    "Too many requests from this client; send the same request again after Retry-After seconds.", null,
                    wait);
        }
    }

}
