package io.backchannel.load.cpu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.backchannel.load.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuMeterTests {

    @TempDir
    Path proc;

    @Test
    void ticks_areUtimePlusStime_countedAfterTheCommandName_evenWithSpacesAndParentheses() {
        String stat = "4242 (Web Content (x)) S 1 4242 4242 0 -1 4194560 9 0 0 0 1234 567 0 0 20 0 25 0 8 0 0";
        assertThat(CpuMeter.ticks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void groups_areParsed_andWhatIsNotAGroupIsRefused() {
        assertThat(CpuMeter.Groups.parse("web:11+12+13,rabbitmq:21").pids())
            .containsExactly(Map.entry("web", List.of(11L, 12L, 13L)), Map.entry("rabbitmq", List.of(21L)));
        assertThatThrownBy(() -> CpuMeter.Groups.parse("web:11,web:12")).hasMessageContaining("distinct");
        assertThatThrownBy(() -> CpuMeter.Groups.parse("driver:11")).hasMessageContaining("driver");
        assertThatThrownBy(() -> CpuMeter.Groups.parse("11+12")).hasMessageContaining("name:pid");
        assertThatThrownBy(() -> CpuMeter.Groups.parse("web:11+x")).hasMessageContaining("not 'x'");
    }

    @Test
    void usage_isEachGroupsCpuBetweenTheSamples_perJob_andTheirSum() throws Exception {
        CpuMeter meter = new CpuMeter(CpuMeter.Groups.parse("web:11+12,redis:21"), this.proc, 100);
        long self = ProcessHandle.current().pid();
        stat(11, 100, 50);
        stat(12, 10, 0);
        stat(21, 5, 5);
        stat(self, 1000, 0);
        Map<String, Long> before = meter.sample();
        stat(11, 300, 150);
        stat(12, 110, 0);
        stat(21, 15, 15);
        stat(self, 1100, 0);
        Map<String, Long> after = meter.sample();
        CpuMeter.Usage usage = CpuMeter.Usage.of(before, after, 10, 200, 100, meter.groups());
        // web: (300+150-150) + (110-10) = 400 ticks = 4 s over 200 jobs = 20 ms per job
        assertThat(usage.cpuSeconds()).containsEntry("web", 4.0).containsEntry("redis", 0.2);
        assertThat(usage.msPerJob()).containsEntry("web", 20.0)
            .containsEntry("redis", 1.0)
            .containsEntry(CpuMeter.DRIVER, 5.0)
            .containsEntry(CpuMeter.Usage.ALL, 26.0);
    }

    @Test
    void aProcessThatCannotBeRead_leavesItsGroupAndTheSumUnknown() throws Exception {
        CpuMeter meter = new CpuMeter(CpuMeter.Groups.parse("web:11+12"), this.proc, 100);
        stat(11, 100, 0);
        stat(ProcessHandle.current().pid(), 0, 0);
        Map<String, Long> sample = meter.sample();
        assertThat(sample).containsEntry("web", null);
        CpuMeter.Usage usage = CpuMeter.Usage.of(sample, sample, 1, 10, 100, meter.groups());
        assertThat(usage.msPerJob()).containsEntry("web", null).containsEntry(CpuMeter.Usage.ALL, null);
        Report report = new Report("t");
        usage.addTo(report);
        assertThat(report.notes()).anyMatch((note) -> note.contains("could not be read"));
    }

    @Test
    void noJobs_meansNoFigurePerJob() {
        CpuMeter.Groups groups = CpuMeter.Groups.parse("web:11");
        CpuMeter.Usage usage = CpuMeter.Usage.of(Map.of("web", 0L), Map.of("web", 100L), 1, 0, 100, groups);
        assertThat(usage.cpuSeconds()).containsEntry("web", 1.0);
        assertThat(usage.msPerJob()).containsEntry("web", null);
    }

    private void stat(long pid, long utime, long stime) throws Exception {
        Path dir = Files.createDirectories(this.proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"),
                pid + " (java) S 1 1 1 0 -1 0 0 0 0 0 " + utime + " " + stime + " 0 0 20 0 30 0 100 0 0\n");
    }

}
