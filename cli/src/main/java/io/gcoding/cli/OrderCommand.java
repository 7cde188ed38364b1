package io.gcoding.cli;

import io.gcoding.coding.Assignment;
import io.gcoding.coding.AssignmentSpec;
import io.gcoding.coding.Ordering;
import io.gcoding.coding.OrderingCsv;
import io.gcoding.coding.OrderingSpec;
import io.gcoding.coding.Orderings;
import io.gcoding.coding.QmaxCalculator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gcoding order}: chunk orderings and their Q_max (PROTOCOL.md §4). */
@Command(name = "order", mixinStandardHelpOptions = true,
        description = "Computes a chunk ordering, its exact Q_max (the total work after which every state covers"
                + " each chunk ell times), the averaging lower bound and the gap.")
final class OrderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--assignment", defaultValue = "cyclic",
            description = "cyclic | frc | regular | csv:PATH (rows = chunks, columns = workers). Default: ${DEFAULT-VALUE}")
    String assignment;

    @Option(names = {"--m", "--workers"}, defaultValue = "12", description = "Workers m (N = m). Default: ${DEFAULT-VALUE}")
    int workers;

    @Option(names = {"--replication", "-r"}, defaultValue = "4",
            description = "Workers per chunk r. Default: ${DEFAULT-VALUE}")
    int replication;

    @Option(names = "--ell", defaultValue = "1", description = "Communication parameter ell. Default: ${DEFAULT-VALUE}")
    int ell;

    @Option(names = "--ordering", defaultValue = "optimal",
            description = "natural | random | optimal | csv:PATH. Default: ${DEFAULT-VALUE}")
    String ordering;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for regular, random and optimal. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--json", description = "Also write the result as JSON to this file.")
    Path json;

    @Option(names = "--csv-out", description = "Write the orders as CSV (one line per worker) to this file.")
    Path csvOut;

    @Override
    public Integer call() throws Exception {
        Assignment a = new AssignmentSpec(assignment, workers, replication, seed).build();
        a.requireExactlyDecodable(ell);
        long start = System.nanoTime();
        Ordering chosen = new OrderingSpec(ordering, seed).build(a, ell);
        double seconds = (System.nanoTime() - start) / 1e9;
        int qmax = QmaxCalculator.qmax(chosen, ell);
        int lower = QmaxCalculator.lowerBound(a, ell);
        int natural = QmaxCalculator.qmax(Orderings.natural(a), ell);
        int random = QmaxCalculator.qmax(Orderings.random(a, seed), ell);

        PrintWriter out = spec.commandLine().getOut();
        out.printf("assignment   %s, %d chunks, total work %d chunk-gradients per round%n", a, a.chunks(), a.totalLoad());
        out.printf("ordering     %s (computed in %.3f s), ell = %d%n%n", ordering, seconds, ell);
        out.print(new TextTable("ordering", "Q_max", "lower bound", "gap")
                .row(ordering + " (chosen)", qmax, lower, qmax - lower)
                .row("natural", natural, lower, natural - lower)
                .row("random (seed " + seed + ")", random, lower, random - lower));
        out.println();
        out.println("orders (0-based chunk indices, in processing order):");
        TextTable orders = new TextTable("worker", "order").leftAligned(1);
        for (int j = 0; j < chosen.workers(); j++) {
            orders.row(j, join(chosen.order(j)));
        }
        out.print(orders);
        out.flush();

        if (json != null) {
            Json.write(json, toJson(a, chosen, qmax, lower, natural, random));
            out.println("wrote " + json);
        }
        if (csvOut != null) {
            OrderingCsv.write(chosen, csvOut);
            out.println("wrote " + csvOut);
        }
        out.flush();
        return 0;
    }

    private Map<String, Object> toJson(Assignment a, Ordering chosen, int qmax, int lower, int natural, int random) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("assignment", a.name());
        m.put("m", a.workers());
        m.put("n", a.chunks());
        m.put("replication", replication);
        m.put("ell", ell);
        m.put("ordering", ordering);
        m.put("seed", seed);
        m.put("qmax", qmax);
        m.put("lower_bound", lower);
        m.put("gap", qmax - lower);
        m.put("total_work", a.totalLoad());
        m.put("qmax_natural", natural);
        m.put("qmax_random", random);
        List<int[]> orders = new ArrayList<>();
        for (int j = 0; j < chosen.workers(); j++) {
            orders.add(chosen.order(j));
        }
        m.put("orders", orders);
        return m;
    }

    private static String join(int[] values) {
        StringBuilder sb = new StringBuilder();
        for (int v : values) {
            sb.append(sb.length() == 0 ? "" : " ").append(v);
        }
        return sb.toString();
    }
}
