package io.backchannel.node.auth;

/**
 * Where identities come from ({@code backchannel.auth.mode}).
 */
public enum AuthMode {

    /** Tokens this installation issues to anyone, from {@code POST /api/sessions}. */
    ANONYMOUS,

    /** The application's users, by JWTs its identity provider signs. */
    JWT

}
