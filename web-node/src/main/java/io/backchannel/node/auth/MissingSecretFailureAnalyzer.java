package io.backchannel.node.auth;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up without a token secret into Spring Boot's "APPLICATION FAILED TO
 * START" report, with what to do, instead of a bean creation stack trace.
 */
class MissingSecretFailureAnalyzer extends AbstractFailureAnalyzer<MissingSecretException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingSecretException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set BACKCHANNEL_AUTH_SECRET (or --backchannel.auth.secret) to the cluster's secret, for example "
                        + "one made with: head -c 36 /dev/urandom | base64. For a laptop run without one, start "
                        + "with --spring.profiles.active=" + SigningSecret.DEVELOPMENT_PROFILE + ".",
                cause);
    }

}
