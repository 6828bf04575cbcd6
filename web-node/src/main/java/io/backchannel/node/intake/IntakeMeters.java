package io.backchannel.node.intake;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.ws.ErrorFrame;
import io.backchannel.node.web.Refusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts what became of each submission, {@code POST /api/requests} or a socket's
 * {@code submit}: {@code backchannel.intake.accepted{type,via}} when a job was published,
 * {@code backchannel.intake.repeated{via}} when an earlier call had already published it,
 * and {@code backchannel.intake.rejected{reason,via}} otherwise, the reason being the
 * problem type of the answer ({@code unauthorized}, {@code conflict},
 * {@code rate_limited}, {@code unavailable}, ...), and {@code via} the way the submission
 * came ({@code http} or {@code socket}).
 *
 * <p>
 * Over HTTP, rejections are read from the answer's status, in a filter around everything
 * else, because they come from several places (the body size filter, the token check,
 * Spring MVC, the intake) and each status maps to exactly one problem type. A socket's
 * submissions are counted where they are answered ({@link SocketSubmissions}).
 */
class IntakeMeters extends OncePerRequestFilter {

    private final MeterRegistry meters;

    private final Map<String, Counter> accepted = new ConcurrentHashMap<>();

    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

    private final Map<Via, Counter> repeated = new ConcurrentHashMap<>();

    IntakeMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    void accepted(JobType type, Via via) {
        this.accepted
            .computeIfAbsent(type.value() + " " + via.tag,
                    (key) -> Counter.builder("backchannel.intake.accepted")
                        .description("Requests accepted, their job published")
                        .tag("type", type.value())
                        .tag("via", via.tag)
                        .register(this.meters))
            .increment();
    }

    void repeated(Via via) {
        this.repeated
            .computeIfAbsent(via,
                    (v) -> Counter.builder("backchannel.intake.repeated")
                        .description("Requests sent again after their job was published; answered from the record")
                        .tag("via", v.tag)
                        .register(this.meters))
            .increment();
    }

    void rejected(ProblemType reason, Via via) {
        rejected(reason(reason), via);
    }

    private void rejected(String reason, Via via) {
        this.rejected
            .computeIfAbsent(reason + " " + via.tag,
                    (key) -> Counter.builder("backchannel.intake.rejected")
                        .description("Requests refused, by the problem type of the answer")
                        .tag("reason", reason)
                        .tag("via", via.tag)
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
            if (request.isAsyncStarted()) {
                // Answered later (Prefer: wait): counted by the status it is answered
                // with.
                request.getAsyncContext().addListener(new AsyncListener() {

                    @Override
                    public void onComplete(AsyncEvent event) {
                        count(request, response.getStatus());
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                    }

                });
            }
            else {
                count(request, response.getStatus());
            }
        }
    }

    private void count(HttpServletRequest request, int status) {
        if (status == HttpServletResponse.SC_OK) {
            repeated(Via.HTTP);
        }
        else if (status >= 400) {
            // The problem answered, where it is known: two share 422.
            rejected((request.getAttribute(Refusal.PROBLEM_ATTRIBUTE) instanceof ProblemType type) ? reason(type)
                    : reason(status), Via.HTTP);
        }
    }

    static String reason(int status) {
        for (ProblemType type : ProblemType.values()) {
            if (type.status() == status) {
                return reason(type);
            }
        }
        return (status < 500) ? "bad_request" : "internal";
    }

    /** The problem type as a reason tag: the code of a socket's error frame too. */
    private static String reason(ProblemType type) {
        return ErrorFrame.codeOf(type);
    }

    /** The way a submission came: the {@code via} tag of the intake's counters. */
    enum Via {

        HTTP("http"), SOCKET("socket");

        private final String tag;

        Via(String tag) {
            this.tag = tag;
        }

    }

}
