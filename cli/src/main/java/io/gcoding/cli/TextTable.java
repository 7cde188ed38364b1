package io.gcoding.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns, for the summaries the commands print. */
public final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final String[] header;
    private final boolean[] left;

    public TextTable(String... header) {
        this.header = header;
        this.left = new boolean[header.length];
        left[0] = true;
    }

    /** Left-aligns these columns (text); by default only the first column is, and the rest are numbers. */
    public TextTable leftAligned(int... columns) {
        for (int c : columns) {
            left[c] = true;
        }
        return this;
    }

    public TextTable row(Object... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException(cells.length + " cells for " + header.length + " columns");
        }
        String[] text = new String[cells.length];
        for (int c = 0; c < cells.length; c++) {
            text[c] = String.valueOf(cells[c]);
        }
        rows.add(text);
        return this;
    }

    @Override
    public String toString() {
        int[] width = new int[header.length];
        for (int c = 0; c < header.length; c++) {
            width[c] = header[c].length();
            for (String[] r : rows) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width, left);
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < header.length; c++) {
            rule.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
        }
        sb.append(rule).append('\n');
        for (String[] r : rows) {
            line(sb, r, width, left);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] width, boolean[] left) {
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                sb.append("  ");
            }
            // an all-empty column has width 0, which %-0s rejects
            sb.append(width[c] == 0 ? "" : String.format("%" + (left[c] ? "-" : "") + width[c] + "s", cells[c]));
        }
        sb.append('\n');
    }
}
