package io.backchannel.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scenario found: named figures for the results file (numbers, strings, nested
 * maps and lists), the tables printed at the end, and the failures that make the run exit
 * non-zero (jobs lost or duplicated, nothing measured).
 */
public final class Report {

    private final String scenario;

    private final Map<String, Object> figures = new LinkedHashMap<>();

    private final List<String> tables = new ArrayList<>();

    private final List<String> failures = new ArrayList<>();

    private final List<String> notes = new ArrayList<>();

    public Report(String scenario) {
        this.scenario = scenario;
    }

    public Report figure(String name, Object value) {
        this.figures.put(name, value);
        return this;
    }

    public Report table(String table) {
        this.tables.add(table);
        return this;
    }

    /** Something to fix: the run exits non-zero. */
    public Report fail(String failure) {
        this.failures.add(failure);
        return this;
    }

    /** Something to know (a target missed on this machine, a warning). */
    public Report note(String note) {
        this.notes.add(note);
        return this;
    }

    public String scenario() {
        return this.scenario;
    }

    public Map<String, Object> figures() {
        return this.figures;
    }

    public List<String> tables() {
        return this.tables;
    }

    public List<String> failures() {
        return this.failures;
    }

    public List<String> notes() {
        return this.notes;
    }

}
