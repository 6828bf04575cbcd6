package io.backchannel.node.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;

/**
 * Which secret tokens are signed with when {@code backchannel.auth.secret} is empty.
 *
 * <p>
 * Under the Spring profile {@value #DEVELOPMENT_PROFILE} a laptop run should just work:
 * the public development key, with a loud warning. Anywhere else an empty secret is a
 * mistake in the deployment, and a node that went on would accept tokens anyone can
 * forge, so the start-up fails with {@link MissingSecretException}.
 */
final class SigningSecret {

    static final String DEVELOPMENT_PROFILE = "dev";

    static final String DEVELOPMENT_SECRET = "backchannel-development-secret-do-not-use-in-production";

    private static final Logger logger = LoggerFactory.getLogger(SigningSecret.class);

    private SigningSecret() {
    }

    /**
     * The settings to sign with: as configured when there is a secret, else with the
     * development key under the development profile.
     * @throws MissingSecretException when there is no secret outside the development
     * profile
     */
    static AuthProperties resolve(AuthProperties properties, Environment environment) {
        if (!properties.secret().isEmpty()) {
            return properties;
        }
        if (!environment.matchesProfiles(DEVELOPMENT_PROFILE)) {
            throw new MissingSecretException();
        }
        logger.warn("*** backchannel.auth.secret is not set: under the '{}' profile tokens are signed with the PUBLIC "
                + "development key, and anyone can forge them. Set BACKCHANNEL_AUTH_SECRET (32+ characters) on every "
                + "node outside development. ***", DEVELOPMENT_PROFILE);
        return properties.withSecret(DEVELOPMENT_SECRET);
    }

}
