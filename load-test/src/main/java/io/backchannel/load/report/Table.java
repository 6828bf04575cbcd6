package io.backchannel.load.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A plain text table: a header row, then rows; numbers right-aligned, text left-aligned.
 */
public final class Table {

    private final List<String> headers;

    private final List<List<String>> rows = new ArrayList<>();

    private final List<Boolean> numeric;

    public Table(String... headers) {
        this.headers = List.of(headers);
        this.numeric = new ArrayList<>(Collections.nCopies(headers.length, true));
    }

    /** Adds a row; doubles are shown with up to two decimals. */
    public Table row(Object... cells) {
        if (cells.length != this.headers.size()) {
            throw new IllegalArgumentException(
                    "expected " + this.headers.size() + " cells, got " + Arrays.toString(cells));
        }
        List<String> row = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            row.add(format(cells[i]));
            if (!(cells[i] instanceof Number) && cells[i] != null) {
                this.numeric.set(i, false);
            }
        }
        this.rows.add(row);
        return this;
    }

    public static String format(Object cell) {
        return switch (cell) {
            case null -> "-";
            case Double d when d.isNaN() -> "-";
            case Double d when d == Math.rint(d) && Math.abs(d) < 1e15 -> String.valueOf(d.longValue());
            case Double d when Math.abs(d) < 1 -> String.format(Locale.ROOT, "%.3f", d);
            case Double d -> String.format(Locale.ROOT, (Math.abs(d) >= 100) ? "%.1f" : "%.2f", d);
            default -> String.valueOf(cell);
        };
    }

    @Override
    public String toString() {
        int[] widths = new int[this.headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = this.headers.get(i).length();
            for (List<String> row : this.rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, this.headers, widths);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append((i > 0) ? "  " : "").append("-".repeat(widths[i]));
        }
        out.append(rule).append('\n');
        this.rows.forEach((row) -> line(out, row, widths));
        return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String pad = " ".repeat(widths[i] - cell.length());
            line.append((i > 0) ? "  " : "");
            line.append((i > 0 && this.numeric.get(i)) ? pad + cell : cell + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

}
