package io.backchannel.node.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.JobType;
import io.backchannel.node.HttpApi;
import io.backchannel.node.WebNodeApplication;
import io.backchannel.testing.TestServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The whole node, started as {@code main} starts it, without a token secret: it refuses
 * to start and says what to set, unless the {@code dev} profile is active.
 */
@ExtendWith(OutputCaptureExtension.class)
class NodeStartupIT {

    @Test
    void nodeWithoutSecret_refusesToStart_andSaysWhatToSet(CapturedOutput output) {
        assertThatException().isThrownBy(() -> WebNodeApplication.builder().run(arguments("startup-no-secret")))
            .havingRootCause()
            .isInstanceOf(MissingSecretException.class);
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("BACKCHANNEL_AUTH_SECRET")
            .contains("--spring.profiles.active=dev");
    }

    @Test
    void nodeWithoutJobTypes_refusesToStart_andSaysWhatToSet(CapturedOutput output) {
        List<String> arguments = argumentsWithSecret("startup-no-types");
        arguments.removeIf((argument) -> argument.startsWith("--backchannel.intake.job-types="));
        assertThatException().isThrownBy(() -> WebNodeApplication.builder().run(arguments.toArray(String[]::new)));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("backchannel.intake.job-types")
            .contains("--spring.profiles.active=demo");
    }

    @Test
    void nodeWithoutTheDemoProfile_servesNoDemoPage() throws Exception {
        List<String> arguments = argumentsWithSecret("startup-no-demo");
        try (ConfigurableApplicationContext node = WebNodeApplication.builder().run(arguments.toArray(String[]::new))) {
            int port = ((WebServerApplicationContext) node).getWebServer().getPort();
            assertThat(status(port, "/")).isEqualTo(404);
            assertThat(status(port, "/lib/backchannel-client.js")).isEqualTo(404);
            assertThat(status(port, "/api/auth")).isEqualTo(200);
            node.getBean(AmqpAdmin.class).deleteQueue(Topology.jobQueue(JobType.of("startup-probe")));
        }
    }

    @Test
    void nodeWithoutSecret_underTheDevProfile_startsAndIssuesTokens_andServesTheDemoPage(CapturedOutput output)
            throws Exception {
        List<String> arguments = new ArrayList<>(List.of(arguments("startup-dev")));
        arguments.add("--spring.profiles.active=dev");
        try (ConfigurableApplicationContext node = WebNodeApplication.builder().run(arguments.toArray(String[]::new))) {
            int port = ((WebServerApplicationContext) node).getWebServer().getPort();
            assertThat(new HttpApi(port).session().token()).startsWith("v1.");
            // The dev profile brings the demo one.
            assertThat(status(port, "/")).isEqualTo(200);
            node.getBean(AmqpAdmin.class).deleteQueue(Topology.jobQueue(JobType.of("startup-probe")));
        }
        assertThat(output).contains("PUBLIC development key");
    }

    private static int status(int port, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
        }
    }

    /** As the command line of a node with a secret of its own. */
    private static List<String> argumentsWithSecret(String nodeId) {
        List<String> arguments = new ArrayList<>(List.of(arguments(nodeId)));
        arguments.removeIf((argument) -> argument.startsWith("--backchannel.auth.secret="));
        arguments.add("--backchannel.auth.secret=startup-tests-secret-0123456789abcdef");
        return arguments;
    }

    /** As the command line of a node with no secret set anywhere (an empty one wins). */
    private static String[] arguments(String nodeId) {
        List<String> arguments = new ArrayList<>();
        TestServices.springProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        arguments.add("--server.port=0");
        arguments.add("--backchannel.node.id=" + nodeId);
        arguments.add("--backchannel.intake.job-types=startup-probe");
        arguments.add("--backchannel.auth.secret=");
        return arguments.toArray(String[]::new);
    }

}
