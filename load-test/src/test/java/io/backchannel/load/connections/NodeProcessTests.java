package io.backchannel.load.connections;

import java.util.List;

import io.backchannel.load.connections.NodeProcess.ClassUsage;
import io.backchannel.load.connections.NodeProcess.LiveHeap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NodeProcessTests {

    private static final String HISTOGRAM = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         50000        4000000  [B (java.base@25)
               2:         20000         960000  java.lang.String (java.base@25)
               3:          1000         240000  org.apache.tomcat.util.net.NioEndpoint$NioSocketWrapper
            Total         71000        5200000
            """;

    @Test
    void classHistogram_givesTheLiveTotal_andTheLargestClasses() {
        LiveHeap heap = NodeProcess.parseHistogram(HISTOGRAM);
        assertThat(heap.bytes()).isEqualTo(5_200_000);
        assertThat(heap.instances()).isEqualTo(71_000);
        assertThat(heap.top()).hasSize(3);
        assertThat(heap.top().get(2).name()).isEqualTo("org.apache.tomcat.util.net.NioEndpoint$NioSocketWrapper");
    }

    @Test
    void classHistogram_leavesOutFillers_theDeadSpaceTheCollectorDidNotCompact() {
        LiveHeap heap = NodeProcess.parseHistogram("""
                12345:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         50000        4000000  [B (java.base@25)
                   2:           700        1000000  [Ljdk.internal.vm.FillerElement; (java.base@25)
                   3:           300           4800  jdk.internal.vm.FillerObject (java.base@25)
                   4:         20000         960000  java.lang.String (java.base@25)
                Total         71000        5964800
                """);
        assertThat(heap.bytes()).isEqualTo(4_960_000);
        assertThat(heap.instances()).isEqualTo(70_000);
        assertThat(heap.top()).extracting(ClassUsage::name).containsExactly("[B", "java.lang.String");
    }

    @Test
    void growth_isTheDifferencePerClass_largestFirst() {
        LiveHeap before = new LiveHeap(100, 3, List.of(new ClassUsage("[B", 10, 1000), new ClassUsage("A", 1, 50)));
        LiveHeap after = new LiveHeap(900, 9,
                List.of(new ClassUsage("[B", 12, 1200), new ClassUsage("A", 5, 350), new ClassUsage("New", 2, 400)));
        assertThat(HeapMeter.growth(before, after)).extracting(ClassUsage::name).containsExactly("New", "A", "[B");
        assertThat(HeapMeter.growth(before, after).get(1)).isEqualTo(new ClassUsage("A", 4, 300));
    }

    @Test
    void openFilesLimit_isTheSoftLimit() {
        String limits = """
                Limit                     Soft Limit           Hard Limit           Units
                Max processes             94811                94811                processes
                Max open files            20000                40000                files
                """;
        assertThat(NodeProcess.parseNofile(limits)).isEqualTo(20000);
        assertThat(NodeProcess.parseNofile("Max open files            unlimited            unlimited  files"))
            .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void thisJvm_canBeMeasured_throughProc() throws Exception {
        NodeProcess self = new NodeProcess(ProcessHandle.current().pid());
        assertThat(self.alive()).isTrue();
        assertThat(self.rssBytes()).isPositive();
        assertThat(self.openFiles()).isPositive();
        assertThat(self.openFilesLimit()).isGreaterThanOrEqualTo(self.openFiles());
    }

}
