package io.backchannel.node.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import io.backchannel.contracts.http.SessionGrant;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.node.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenServiceTests {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-characters";

    private static final String OTHER_SECRET = "another-secret-of-at-least-thirty-two-chars";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private final TokenService tokens = service(SECRET, List.of());

    @Test
    void issuedToken_verifiesToItsClient() {
        SessionGrant grant = this.tokens.issue();
        assertThat(this.tokens.verify(grant.token())).isEqualTo(grant.clientId());
        assertThat(grant.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofHours(1)));
    }

    @Test
    void reissue_keepsTheClientId() {
        ClientId client = ClientId.random();
        assertThat(this.tokens.verify(this.tokens.issue(client).token())).isEqualTo(client);
    }

    @Test
    void issue_givesEveryCallANewClient() {
        assertThat(this.tokens.issue().clientId()).isNotEqualTo(this.tokens.issue().clientId());
    }

    @Test
    void token_withTamperedSignature_isRejected() {
        String token = this.tokens.issue().token();
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + ((last == 'A') ? 'B' : 'A');
        assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(tampered));
    }

    @Test
    void token_withTamperedClientOrExpiry_isRejected() {
        SessionGrant grant = this.tokens.issue();
        String otherClient = grant.token().replace(grant.clientId().value(), ClientId.random().value());
        String[] parts = grant.token().split("\\.");
        String laterExpiry = parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 3600) + "." + parts[3];
        assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(otherClient));
        assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(laterExpiry));
    }

    @Test
    void token_signedWithAnotherSecret_isRejected() {
        String foreign = service(OTHER_SECRET, List.of()).issue().token();
        assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(foreign))
            .withMessageContaining("does not verify");
    }

    @Test
    void token_isAcceptedUntilItExpires_thenRejected() {
        String token = this.tokens.issue().token();
        this.clock.advance(Duration.ofHours(1).minusSeconds(1));
        assertThat(this.tokens.verify(token)).isNotNull();
        this.clock.advance(Duration.ofSeconds(1));
        assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(token))
            .withMessageContaining("expired");
    }

    @Test
    void tokenOfPreviousSecret_isAcceptedDuringRotation_andNewTokensUseTheNewSecret() {
        SessionGrant old = service(OTHER_SECRET, List.of()).issue();
        TokenService rotating = service(SECRET, List.of(OTHER_SECRET));
        assertThat(rotating.verify(old.token())).isEqualTo(old.clientId());

        String fresh = rotating.issue(old.clientId()).token();
        assertThat(this.tokens.verify(fresh)).as("signed with the new secret").isEqualTo(old.clientId());
        assertThatExceptionOfType(InvalidTokenException.class)
            .isThrownBy(() -> service(OTHER_SECRET, List.of()).verify(fresh));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "garbage", "v1.x.y.z", "v1...", "v2.AAAAAAAAAAAAAAAAAAAAAA.99999999999.sig",
            "v1.AAAAAAAAAAAAAAAAAAAAAA.notanumber.sig", "v1.AAAAAAAAAAAAAAAAAAAAAA.1.2.3", "....",
            "v1.AAAAAAAAAAAAAAAAAAAAAA.99999999999" })
    void garbageToken_isRejected(String token) {
        assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(token));
    }

    @Test
    void overlongToken_isRejectedBeforeAnyWork() {
        assertThatExceptionOfType(InvalidTokenException.class)
            .isThrownBy(() -> this.tokens.verify("v1." + "A".repeat(300) + ".1.x"));
    }

    @Test
    void correctlySignedToken_withMalformedClientId_isRejected() {
        String token = TestTokens.sign(SECRET, "not-a-client-id", this.clock.instant().plusSeconds(60));
        assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(token))
            .withMessageContaining("malformed");
    }

    @Test
    void aServiceWithoutSecret_cannotBeBuilt() {
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> service("", List.of()));
    }

    private TokenService service(String secret, List<String> previous) {
        return new TokenService(new AuthProperties(AuthMode.ANONYMOUS, null, secret, previous, Duration.ofHours(1)),
                this.clock);
    }

    /** A clock that tests move forward. */
    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            this.now = this.now.plus(duration);
        }

        @Override
        public Instant instant() {
            return this.now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

    }

}
