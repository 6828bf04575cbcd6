package io.backchannel.node.auth;

import java.time.Clock;
import java.time.Instant;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.node.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node signs with the configured secret; without one it starts only under the
 * {@code dev} profile, with the public development key and a warning.
 */
@ExtendWith(OutputCaptureExtension.class)
class SigningSecretTests {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-characters";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withUserConfiguration(AuthSettings.class, AuthConfiguration.class)
        .withBean(Clock.class, Clock::systemUTC);

    @Test
    void withoutSecret_outsideTheDevProfile_theNodeRefusesToStart() {
        this.runner.withPropertyValues("spring.profiles.active=prod").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("BACKCHANNEL_AUTH_SECRET");
        });
        this.runner.run((context) -> assertThat(context).hasFailed());
    }

    @Test
    void withoutSecret_underTheDevProfile_signsWithTheDevelopmentKey_andWarns(CapturedOutput output) {
        this.runner.withPropertyValues("spring.profiles.active=dev").run((context) -> {
            assertThat(context).hasNotFailed();
            String client = ClientId.random().value();
            String token = TestTokens.sign(SigningSecret.DEVELOPMENT_SECRET, client, Instant.now().plusSeconds(60));
            assertThat(context.getBean(TokenService.class).verify(token).value()).isEqualTo(client);
        });
        assertThat(output).contains("PUBLIC development key");
    }

    @Test
    void withSecret_thatSecretSigns_underAnyProfile() {
        this.runner.withPropertyValues("backchannel.auth.secret=" + SECRET, "spring.profiles.active=dev")
            .run((context) -> {
                String client = ClientId.random().value();
                TokenService tokens = context.getBean(TokenService.class);
                assertThat(tokens.verify(TestTokens.sign(SECRET, client, Instant.now().plusSeconds(60))).value())
                    .isEqualTo(client);
                assertThat(tokens.issue().token()).isNotNull();
            });
    }

    @Test
    void missingSecret_isReportedWithWhatToDo() {
        FailureAnalysis analysis = new MissingSecretFailureAnalyzer()
            .analyze(new IllegalStateException("bean creation failed", new MissingSecretException()));
        assertThat(analysis.getDescription()).contains("backchannel.auth.secret");
        assertThat(analysis.getAction()).contains("BACKCHANNEL_AUTH_SECRET").contains("--spring.profiles.active=dev");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AuthProperties.class)
    static class AuthSettings {

    }

}
