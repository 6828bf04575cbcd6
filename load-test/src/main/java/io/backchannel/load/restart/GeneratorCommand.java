package io.backchannel.load.restart;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.backchannel.load.LoadTest;

/**
 * The command line of a load generator: this JVM's java, its heap, compiler and system
 * property options, its class path and main class, then the generator's scenario and
 * options. The generators are meant to be copies of this process holding other sockets.
 */
final class GeneratorCommand {

    private GeneratorCommand() {
    }

    static List<String> of(List<String> scenarioArgs) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LoadTest.class.getName());
        command.addAll(scenarioArgs);
        return command;
    }

    /**
     * The {@code -X} and {@code -D} options of {@code inputArguments}, except those that
     * name a port or file of this process (a debugger's, a log's): a second JVM on the
     * same debug port would not start.
     */
    static List<String> jvmOptions(List<String> inputArguments) {
        return inputArguments.stream()
            .filter((arg) -> arg.startsWith("-X") || arg.startsWith("-D"))
            .filter((arg) -> !arg.startsWith("-Xdebug") && !arg.startsWith("-Xrunjdwp") && !arg.startsWith("-Xlog")
                    && !arg.startsWith("-XX:HeapDumpPath") && !arg.startsWith("-XX:ErrorFile"))
            .toList();
    }

}
