package io.backchannel.faults.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.backchannel.contracts.json.Json;

/**
 * Writes a suite's results as JSON: {@code suite.json} with everything, and one
 * {@code <fault>.json} per fault, in the results directory.
 */
public final class ResultFiles {

    private ResultFiles() {
    }

    /**
     * @return the suite's file
     */
    public static Path write(SuiteResult suite, Path dir) {
        try {
            Files.createDirectories(dir);
            for (FaultResult fault : suite.faults()) {
                writeJson(fault, dir.resolve(fault.fault() + ".json"));
            }
            Path file = dir.resolve("suite.json");
            writeJson(suite, file);
            return file;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot write results to " + dir, ex);
        }
    }

    private static void writeJson(Object value, Path file) throws IOException {
        Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n");
    }

}
