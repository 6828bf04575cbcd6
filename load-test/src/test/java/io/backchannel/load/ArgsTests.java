package io.backchannel.load;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgsTests {

    @Test
    void parse_takesTheScenario_optionsAndBareFlags() {
        Args args = Args.parse("latency", "--rate=250", "--help", "--type=report");
        assertThat(args.command()).isEqualTo("latency");
        assertThat(args.number("rate", 1000)).isEqualTo(250);
        assertThat(args.flag("help")).isTrue();
        assertThat(args.string("type", "echo")).isEqualTo("report");
        assertThat(args.integer("clients", 50, 1)).isEqualTo(50);
        args.rejectUnread();
    }

    @Test
    void rejectUnread_namesMisspeltOptions_soTheyNeverFallBackToADefault() {
        Args args = Args.parse("throughput", "--clinets=10", "--duration=5s");
        args.integer("clients", 50, 1);
        args.duration("duration", Duration.ofSeconds(20));
        assertThatThrownBy(args::rejectUnread).isInstanceOf(UsageException.class).hasMessageContaining("--clinets");
    }

    @Test
    void durations_takeUnits_andBareNumbersAreSeconds() {
        assertThat(Args.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Args.parseDuration("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(Args.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Args.parseDuration("1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Args.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> Args.parse("x", "--warmup=soon").duration("warmup", Duration.ZERO))
            .isInstanceOf(UsageException.class)
            .hasMessageContaining("--warmup=soon");
    }

    @Test
    void uris_takeBarePorts_onTheHostBefore() {
        assertThat(Args.parseUris("http://127.0.0.1:8081,8082, 8083")).containsExactly(
                URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.1:8082"),
                URI.create("http://127.0.0.1:8083"));
        assertThat(Args.parseUris("http://localhost:8080/")).containsExactly(URI.create("http://localhost:8080"));
        assertThatThrownBy(() -> Args.parseUris("8081")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Args.parse("x", "--nodes=ftp://h:1").uris("nodes", List.of()))
            .isInstanceOf(UsageException.class);
    }

    @Test
    void badValues_areUsageErrors_namingTheOption() {
        assertThatThrownBy(() -> Args.parse("x", "--clients=many").integer("clients", 1, 1))
            .isInstanceOf(UsageException.class)
            .hasMessageContaining("--clients=many")
            .hasMessageContaining("a number");
        assertThatThrownBy(() -> Args.parse("x", "--clients=0").integer("clients", 1, 1))
            .isInstanceOf(UsageException.class)
            .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Args.parse("x", "--rate=0").number("rate", 1)).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Args.parse("x", "--a=1", "--a=2")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Args.parse("x", "y")).isInstanceOf(UsageException.class);
    }

    @Test
    void integers_areCommaSeparated() {
        assertThat(Args.parse("connections", "--counts=10000, 25000,50000").integers("counts", List.of(), 1))
            .containsExactly(10000, 25000, 50000);
    }

}
