package io.gcoding.coding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes an assignment as CSV: one row per chunk, one 0/1 column per worker. Blank lines and lines
 * starting with {@code #} are skipped. Errors name the file and line.
 */
public final class AssignmentCsv {
    private AssignmentCsv() {
    }

    public static Assignment read(Path path) throws IOException {
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        List<int[]> rows = new ArrayList<>();
        int width = -1;
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (width < 0) {
                width = cells.length;
            } else if (cells.length != width) {
                throw new ConfigurationException(path + " line " + (ln + 1) + ": " + cells.length + " columns, but earlier"
                        + " rows have " + width + " (one column per worker in every row)");
            }
            int[] row = new int[cells.length];
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c].strip();
                if (cell.equals("1")) {
                    row[c] = 1;
                } else if (!cell.equals("0")) {
                    throw new ConfigurationException(path + " line " + (ln + 1) + ", column " + (c + 1) + ": '" + cell
                            + "' is not 0 or 1 (rows are chunks, columns are workers, 1 = stored there)");
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new ConfigurationException(path + ": no rows (expected one 0/1 row per chunk)");
        }
        int m = width;
        int[][] chunksOf = new int[m][];
        for (int j = 0; j < m; j++) {
            int count = 0;
            for (int[] row : rows) {
                count += row[j];
            }
            chunksOf[j] = new int[count];
            int k = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i)[j] == 1) {
                    chunksOf[j][k++] = i;
                }
            }
        }
        return new Assignment("csv(" + path.getFileName() + ")", rows.size(), chunksOf);
    }

    public static void write(Assignment assignment, Path path) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int[] row : assignment.toMatrix()) {
            for (int j = 0; j < row.length; j++) {
                sb.append(j == 0 ? "" : ",").append(row[j]);
            }
            sb.append('\n');
        }
        Files.writeString(path, sb.toString(), StandardCharsets.UTF_8);
    }
}
