package io.backchannel.node.intake;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.id.JobType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts what became of each {@code POST /api/requests}:
 * {@code backchannel.intake.accepted{type}} when a job was published,
 * {@code backchannel.intake.repeated} when an earlier call had already published it, and
 * {@code backchannel.intake.rejected{reason}} otherwise, the reason being the problem
 * type of the answer ({@code unauthorized}, {@code conflict}, {@code rate_limited},
 * {@code unavailable}, ...).
 *
 * <p>
 * Rejections are read from the answer's status, in a filter around everything else,
 * because they come from several places (the body size filter, the token check, Spring
 * MVC, the intake) and each status maps to exactly one problem type.
 */
class IntakeMeters extends OncePerRequestFilter {

    private final MeterRegistry meters;

    private final Map<String, Counter> accepted = new ConcurrentHashMap<>();

    private final Map<Integer, Counter> rejected = new ConcurrentHashMap<>();

    private final Counter repeated;

    IntakeMeters(MeterRegistry meters) {
        this.meters = meters;
        this.repeated = Counter.builder("backchannel.intake.repeated")
            .description("Requests sent again after their job was published; answered from the record")
            .register(meters);
    }

    void accepted(JobType type) {
        this.accepted
            .computeIfAbsent(type.value(),
                    (t) -> Counter.builder("backchannel.intake.accepted")
                        .description("Requests accepted, their job published")
                        .tag("type", t)
                        .register(this.meters))
            .increment();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !HttpMethod.POST.matches(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        }
        finally {
            int status = response.getStatus();
            if (status == HttpServletResponse.SC_OK) {
                this.repeated.increment();
            }
            else if (status >= 400) {
                this.rejected.computeIfAbsent(status, this::rejectedCounter).increment();
            }
        }
    }

    private Counter rejectedCounter(int status) {
        return Counter.builder("backchannel.intake.rejected")
            .description("Requests refused, by the problem type of the answer")
            .tag("reason", reason(status))
            .register(this.meters);
    }

    static String reason(int status) {
        for (ProblemType type : ProblemType.values()) {
            if (type.status() == status) {
                return type.name().toLowerCase(Locale.ROOT);
            }
        }
        return (status < 500) ? "bad_request" : "internal";
    }

}
