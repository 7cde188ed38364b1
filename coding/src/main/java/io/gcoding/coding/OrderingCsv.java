package io.gcoding.coding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Orders as CSV: line j lists worker j's chunk indices (0-based) in processing order. Blank lines and {@code #}
 * comments are skipped. The assignment must be known: the orders are checked against it.
 */
public final class OrderingCsv {
    private OrderingCsv() {
    }

    public static Ordering read(Path path, Assignment assignment) throws IOException {
        List<int[]> orders = new ArrayList<>();
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",");
            int[] order = new int[cells.length];
            for (int c = 0; c < cells.length; c++) {
                try {
                    order[c] = Integer.parseInt(cells[c].strip());
                } catch (NumberFormatException e) {
                    throw new ConfigurationException(path + " line " + (ln + 1) + ": '" + cells[c].strip()
                            + "' is not a chunk index (each line lists one worker's chunks, 0-based, in order)");
                }
            }
            orders.add(order);
        }
        try {
            return new Ordering(assignment, orders.toArray(new int[0][]));
        } catch (ConfigurationException e) {
            throw new ConfigurationException(path + ": " + e.getMessage());
        }
    }

    public static void write(Ordering ordering, Path path) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < ordering.workers(); j++) {
            int[] order = ordering.order(j);
            for (int p = 0; p < order.length; p++) {
                sb.append(p == 0 ? "" : ",").append(order[p]);
            }
            sb.append('\n');
        }
        Files.writeString(path, sb.toString(), StandardCharsets.UTF_8);
    }
}
