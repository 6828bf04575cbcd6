package io.backchannel.node.auth;

/**
 * A node was started without {@code backchannel.auth.secret} outside the development
 * profile. {@link MissingSecretFailureAnalyzer} explains it at start-up.
 */
class MissingSecretException extends IllegalStateException {

    MissingSecretException() {
        super("backchannel.auth.secret (BACKCHANNEL_AUTH_SECRET) is not set: a web node needs the token signing secret, "
                + "32+ characters and the same on every node. Only under the Spring profile '"
                + SigningSecret.DEVELOPMENT_PROFILE + "' does it fall back to a public development key.");
    }

}
