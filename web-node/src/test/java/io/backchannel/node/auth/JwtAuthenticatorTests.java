package io.backchannel.node.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.backchannel.contracts.id.ClientId;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtAuthenticatorTests {

    private static final AuthProperties.Jwt SETTINGS = new AuthProperties.Jwt("sub", Duration.ofSeconds(60),
            "backchannel.publish");

    private static final Instant EXPIRY = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void theUserClaim_isTheClient_andTheExpiryIsKept() {
        Identity identity = authenticator(Map.of("sub", "user-1")).authenticate("t");
        assertThat(identity.client()).isEqualTo(ClientId.forUser("user-1"));
        assertThat(identity.expiresAt()).isEqualTo(EXPIRY);
        assertThat(identity.scopes()).isEmpty();
    }

    @Test
    void anotherUserClaim_canBeConfigured() {
        JwtAuthenticator byEmail = new JwtAuthenticator(decoder(Map.of("sub", "1", "email", "a@example.com")),
                new AuthProperties.Jwt("email", Duration.ZERO, "p"));
        assertThat(byEmail.authenticate("t").client()).isEqualTo(ClientId.forUser("a@example.com"));
    }

    @Test
    void scopes_comeFromScopeOrScp() {
        assertThat(authenticator(Map.of("sub", "u", "scope", " a  backchannel.publish ")).authenticate("t").scopes())
            .containsExactlyInAnyOrder("a", "backchannel.publish");
        assertThat(authenticator(Map.of("sub", "u", "scp", List.of("b", 3))).authenticate("t").scopes())
            .containsExactly("b");
    }

    @Test
    void aTokenWithoutAUsableUser_isRefused() {
        assertThatThrownBy(() -> authenticator(Map.of("iss", "x")).authenticate("t"))
            .isInstanceOf(InvalidTokenException.class)
            .hasMessage("the token names no user (claim 'sub')");
        assertThatThrownBy(() -> authenticator(Map.of("sub", 42)).authenticate("t"))
            .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> authenticator(Map.of("sub", " ")).authenticate("t"))
            .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> authenticator(Map.of("sub", "u".repeat(1025))).authenticate("t"))
            .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void aTokenWithoutExpiry_isRefused() {
        JwtDecoder noExpiry = (token) -> Jwt.withTokenValue(token).header("alg", "RS256").claim("sub", "u").build();
        assertThatThrownBy(() -> new JwtAuthenticator(noExpiry, SETTINGS).authenticate("t"))
            .isInstanceOf(InvalidTokenException.class)
            .hasMessage("the token has no expiry");
    }

    @Test
    void emptyOrHugeTokens_areRefusedUnread() {
        JwtDecoder never = (token) -> {
            throw new AssertionError("decoded");
        };
        JwtAuthenticator authenticator = new JwtAuthenticator(never, SETTINGS);
        assertThatThrownBy(() -> authenticator.authenticate("")).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> authenticator.authenticate(null)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> authenticator.authenticate("a".repeat(16 * 1024 + 1)))
            .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void aBadToken_isInvalid_butKeysThatCannotBeFetched_areAnOutage() {
        JwtDecoder bad = (token) -> {
            throw new BadJwtException("Signed JWT rejected: Invalid signature");
        };
        assertThatThrownBy(() -> new JwtAuthenticator(bad, SETTINGS).authenticate("t"))
            .isInstanceOf(InvalidTokenException.class)
            .hasMessage("the token does not verify");
        JwtDecoder down = (token) -> {
            throw new JwtException("Couldn't retrieve remote JWK set");
        };
        assertThatThrownBy(() -> new JwtAuthenticator(down, SETTINGS).authenticate("t"))
            .isInstanceOf(IdentityProviderUnavailableException.class);
    }

    private static JwtAuthenticator authenticator(Map<String, Object> claims) {
        return new JwtAuthenticator(decoder(claims), SETTINGS);
    }

    private static JwtDecoder decoder(Map<String, Object> claims) {
        return (token) -> Jwt.withTokenValue(token)
            .header("alg", "RS256")
            .claims((c) -> c.putAll(claims))
            .expiresAt(EXPIRY)
            .build();
    }

}
