package io.backchannel.load.restart;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.backchannel.load.report.Latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class GeneratorsTests {

    @Test
    void shares_addUpToTheSockets_andDifferByOneAtMost() {
        assertThat(IntStream.range(0, 3).map((i) -> Generators.share(30_600, 3, i))).containsExactly(10_200, 10_200,
                10_200);
        assertThat(IntStream.range(0, 3).map((i) -> Generators.share(3001, 3, i))).containsExactly(1001, 1000, 1000);
        assertThat(IntStream.range(0, 4).map((i) -> Generators.share(3002, 4, i)).sum()).isEqualTo(3002);
    }

    @Test
    void eachGenerator_goesThroughALoopbackAddressOfItsOwn() {
        URI lb = URI.create("http://127.0.0.1:18480");
        assertThat(Generators.frontDoor(lb, 0)).isEqualTo(lb);
        assertThat(Generators.frontDoor(lb, 1)).isEqualTo(URI.create("http://127.0.0.2:18480"));
        assertThat(Generators.frontDoor(URI.create("http://localhost:18480"), 1))
            .isEqualTo(URI.create("http://localhost:18480"));
        assertThatThrownBy(() -> Generators.frontDoor(URI.create("http://127.0.0.250:80"), 5))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGenerator_getsTheHeapAndPropertyOptions_butNoDebuggerOrLog() {
        assertThat(GeneratorCommand.jvmOptions(List.of("-Xmx3g", "-XX:TieredStopAtLevel=1", "-Dfoo=bar",
                "-agentlib:jdwp=transport=dt_socket,address=5005", "-Xlog:gc:file=gc.log", "-javaagent:x.jar",
                "--add-opens=java.base/java.lang=ALL-UNNAMED")))
            .containsExactly("-Xmx3g", "-XX:TieredStopAtLevel=1", "-Dfoo=bar");
    }

    @Test
    void aGenerator_isReadStatusByStatus_andAskedForItsTotals() throws Exception {
        ShareLine.Ready ready = new ShareLine.Ready(3, Map.of("node-1", 3));
        ShareLine.Status status = new ShareLine.Status(1, 2, 0, 1);
        ShareLine.Totals totals = new ShareLine.Totals(3, Map.of("node-1", 3), Map.of("node-2", 3), Map.of(1012, 3), 0,
                0, 1, 42, new Latency().export());
        GeneratorProcess process = GeneratorProcess.start("gen-2",
                List.of("bash", "-c", "printf '%s\\n' \"$1\" \"$2\" \"$3\"; read asked; printf '%s\\n' \"$4\"", "bash",
                        "opening sockets", ShareLines.encode(ready), ShareLines.encode(status),
                        ShareLines.encode(totals)));
        assertThat(process.ready().get(10, TimeUnit.SECONDS)).isEqualTo(ready);
        await().atMost(Duration.ofSeconds(10)).until(() -> process.status().equals(status));
        assertThat(process.totals()).isNotDone();
        process.askForTotals();
        assertThat(process.totals().get(10, TimeUnit.SECONDS)).isEqualTo(totals);
        process.awaitExit(Duration.ofSeconds(10));
        assertThat(process.gone()).as("it ended after its totals, as it should").isNotDone();
    }

    @Test
    void aGenerator_thatEndsBeforeItsSocketsAreOpen_failsTheWait_namingItsExitCode() throws Exception {
        GeneratorProcess process = GeneratorProcess.start("gen-3",
                List.of("bash", "-c", "echo 'a socket could not be opened' >&2; exit 3"));
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> process.ready().get(10, TimeUnit.SECONDS))
            .withMessageContaining("gen-3")
            .withMessageContaining("exited with code 3 before its sockets were open");
        assertThat(process.totals()).isCompletedExceptionally();
    }

    @Test
    void aGenerator_thatBreaksTheProtocol_isGone() throws Exception {
        GeneratorProcess process = GeneratorProcess.start("gen-2",
                List.of("bash", "-c", "echo '" + ShareLines.MARK + "status {'; read forever"));
        assertThat(process.gone().get(10, TimeUnit.SECONDS)).contains("gen-2", "broke the protocol");
        process.awaitExit(Duration.ofSeconds(10));
    }

    @Test
    void aRun_stopsWaiting_asSoonAsAGeneratorEnds() throws Exception {
        GeneratorProcess process = GeneratorProcess.start("gen-2", List.of("bash", "-c", "exit 137"));
        try (Generators generators = new Generators(List.of(process))) {
            assertThatIllegalStateException().isThrownBy(() -> generators.watch(Duration.ofMinutes(5)))
                .withMessageContaining("gen-2")
                .withMessageContaining("exited with code 137");
            assertThatIllegalStateException().isThrownBy(generators::check);
        }
    }

    @Test
    void withoutOtherGenerators_watchingIsWaiting_andTheirStatusIsZero() throws Exception {
        try (Generators none = new Generators(List.of())) {
            none.watch(Duration.ofMillis(1));
            assertThat(none.status()).isEqualTo(new ShareLine.Status(0, 0, 0, 0));
            assertThat(none.totals(Duration.ofSeconds(1))).isEmpty();
            assertThat(none.awaitReady(Duration.ofSeconds(1))).isEmpty();
        }
    }

}
