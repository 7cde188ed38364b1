package io.gcoding.cli;

import io.gcoding.coding.AssignmentSpec;
import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.OrderingSpec;
import io.gcoding.coding.UploadCost;
import io.gcoding.coding.sim.AutoEllSimulation;
import io.gcoding.coding.sim.CompletionStats;
import io.gcoding.coding.sim.DelayModels;
import io.gcoding.coding.sim.RecordedTrials;
import io.gcoding.coding.sim.RoundConditions;
import io.gcoding.coding.sim.Scenario;
import io.gcoding.coding.sim.SimulationResult;
import io.gcoding.coding.sim.SimulationSettings;
import io.gcoding.coding.sim.Simulator;
import io.gcoding.coding.sim.TraceCsv;
import io.gcoding.coding.sim.TrialSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gcoding simulate}: the discrete-event simulator and the paper's experiments (PROTOCOL.md §5). */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Simulates rounds of gradient coding on seeded random (or recorded) chunk finish times and compares the"
                + " partial-straggler protocol with the baselines on the same trials: partial, original,"
                + " complete-cover, uncoded, ignore-stragglers, oracle.",
            "Exact mode: completion time per protocol. Approx mode: the coefficient error E(s) at each deadline.",
            "Delay models (--delays):%n" + DelayModels.HELP,
            "Example: gcoding simulate --preset paper --json out.json --plot out.png"})
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", description = "paper: the paper's experiments (cyclic and regular assignments, ell"
            + " 1,2,3, optimal and random orderings, stragglers, exact and approx). Explicit options still win.")
    String preset;

    @Option(names = {"--m", "--workers"}, defaultValue = "20", description = "Workers m (N = m). Default: ${DEFAULT-VALUE}")
    int workers;

    @Option(names = "--assignment", split = ",", defaultValue = "cyclic",
            description = "cyclic | frc | regular | csv:PATH; a comma list runs each. Default: ${DEFAULT-VALUE}")
    List<String> assignments;

    @Option(names = {"--replication", "-r"}, defaultValue = "4", description = "Workers per chunk r. Default: ${DEFAULT-VALUE}")
    int replication;

    @Option(names = "--ell", split = ",", defaultValue = "1,2,3",
            description = "Communication parameters ell (comma list), or auto: ell chosen per round (1..r) from the"
                    + " measured speeds and --upload-cost, compared with every fixed ell on the same consecutive"
                    + " trials (partial protocol, exact mode). Default: ${DEFAULT-VALUE}")
    List<String> ells;

    @Option(names = "--upload-cost", paramLabel = "d=D,bandwidth=B",
            description = "With --ell auto: an upload of ceil(D/ell) doubles takes 8 ceil(D/ell) / B seconds on top"
                    + " of --latency (B in bytes per second). Default: d=1e6,bandwidth=1.25e8 (1 M parameters,"
                    + " 1 Gbit/s).")
    String uploadCost;

    @Option(names = "--ordering", split = ",", defaultValue = "optimal",
            description = "natural | random | optimal | adaptive | csv:PATH; a comma list compares them. adaptive:"
                    + " the optimal orders re-chosen every trial from the speeds measured so far (trials are then"
                    + " consecutive rounds, run on one thread). Default: ${DEFAULT-VALUE}")
    List<String> orderings;

    @Option(names = "--delays", defaultValue = "stragglers",
            description = "Delay model, NAME or NAME:key=value,... (see above). Default: ${DEFAULT-VALUE}")
    String delays;

    @Option(names = "--trials", defaultValue = "1000", description = "Trials (rounds) to simulate. Default: ${DEFAULT-VALUE}")
    int trials;

    @Option(names = "--mode", defaultValue = "exact",
            description = "exact | approx | both. Default: ${DEFAULT-VALUE}")
    String mode;

    @Option(names = "--deadline", split = ",",
            description = "Approx-mode deadlines T1,T2,... in seconds after the round start (increasing).")
    List<Double> deadlines;

    @Option(names = "--latency", defaultValue = "0",
            description = "One-way message latency in seconds: progress, ENCODE and upload cost partial, original and"
                    + " complete-cover 3 latencies; uncoded and ignore-stragglers upload on completion (1)."
                    + " Default: ${DEFAULT-VALUE}")
    double latency;

    @Option(names = "--upload-latency", description = "One-way latency of an upload (d/ell numbers) in seconds."
            + " Default: --latency.")
    Double uploadLatency;

    @Option(names = "--upload-fail-prob", defaultValue = "0",
            description = "Probability that a worker asked to upload dies instead (once per worker and trial): the PS"
                    + " re-encodes without it or sends RESUME. Default: ${DEFAULT-VALUE}")
    double uploadFailProb;

    @Option(names = "--rejoin-after", description = "Seconds after such a death at which a replacement joins and"
            + " computes the round from its start. Default: never.")
    Double rejoinAfter;

    @Option(names = "--encode-timeout", defaultValue = "10",
            description = "Seconds a worker asked to upload may take before it is declared dead. Default: ${DEFAULT-VALUE}")
    double encodeTimeout;

    @Option(names = "--error-bound", defaultValue = "0",
            description = "Approx mode: encode before the deadline once E(s) <= this. Default: ${DEFAULT-VALUE}")
    double errorBound;

    @Option(names = "--k", defaultValue = "0",
            description = "Workers ignore-stragglers waits for; 0 = m - s with s = replication - ell. Default: ${DEFAULT-VALUE}")
    int ignoreK;

    @Option(names = "--theta", defaultValue = "chebyshev",
            description = "Decoding matrix: chebyshev | gaussian:SEED. Default: ${DEFAULT-VALUE}")
    String theta;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed for the trials, the regular assignment and the random/optimal orderings. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--threads", description = "Threads for the trial loop. Default: the number of cores.")
    Integer threads;

    @Option(names = "--encoder-checks", defaultValue = "5",
            description = "Trials whose states are also decoded through the real min-norm encoder. Default: ${DEFAULT-VALUE}")
    int encoderChecks;

    @Option(names = "--json", description = "Write all results (per-trial times included) as JSON to this file.")
    Path json;

    @Option(names = "--plot", description = "Write PNG charts: FILE.png (completion times), FILE-error.png (approx),"
            + " FILE-ordering.png (when several orderings run).")
    Path plot;

    @Option(names = "--trace-in", description = "Replay trials from a CSV trace (same as --delays trace:PATH).")
    Path traceIn;

    @Option(names = "--trace-out", description = "Write the simulated trials as a CSV trace: trial,worker,position,finish_time.")
    Path traceOut;

    @Override
    public Integer call() throws Exception {
        if (preset != null) {
            SimulatePreset.apply(preset, this, spec.commandLine().getParseResult());
        }
        Json.requireWritable("--json", json);
        Json.requireWritable("--trace-out", traceOut);
        boolean exact = mode.equals("exact") || mode.equals("both");
        boolean approx = mode.equals("approx") || mode.equals("both");
        if (!exact && !approx) {
            throw new ConfigurationException("unknown --mode '" + mode + "' (use exact, approx or both)");
        }
        if (trials < 1) {
            throw new ConfigurationException("--trials must be >= 1, got " + trials);
        }
        double[] t = deadlines == null ? new double[0] : deadlines.stream().mapToDouble(Double::doubleValue).toArray();
        if (!approx && t.length > 0) {
            throw new ConfigurationException("--deadline only applies to approx mode (add --mode approx or both)");
        }
        if (ells.stream().anyMatch(e -> e.strip().equals("auto"))) {
            return autoEll(exact, approx);
        }
        if (uploadCost != null) {
            throw new ConfigurationException("--upload-cost only applies to --ell auto");
        }
        List<Integer> ells = ellList();
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        RoundConditions conditions = new RoundConditions(uploadLatency == null ? Double.NaN : uploadLatency,
                errorBound, uploadFailProb, rejoinAfter == null ? Double.POSITIVE_INFINITY : rejoinAfter,
                encodeTimeout, seed);
        SimulationSettings settings = new SimulationSettings(ells, theta, latency, ignoreK, t, exact, approx,
                encoderChecks, threadCount, conditions);

        List<Scenario> scenarios = new ArrayList<>();
        for (String a : assignments) {
            for (String o : orderings) {
                scenarios.add(Scenario.build(new AssignmentSpec(a.strip(), workers, replication, seed),
                        new OrderingSpec(o.strip(), seed), ells));
            }
        }
        TrialSource source = trials(Simulator.positionsNeeded(scenarios));

        PrintWriter out = spec.commandLine().getOut();
        SimulationResult result;
        try (Progress progress = Progress.start(source.count())) {
            result = Simulator.run(scenarios, source, settings, progress);
        }
        // an adaptive ordering's trials are consecutive rounds: they ran on one thread
        out.print(new SimulationReport(result, settings, Simulator.sequential(scenarios) ? 1 : threadCount).render());
        out.flush();
        if (traceOut != null) {
            TraceCsv.write(traceOut, source);
            out.println("wrote " + traceOut);
        }
        if (json != null) {
            Json.write(json, SimulationJson.document(result, settings, config(source)));
            out.println("wrote " + json);
        }
        if (plot != null) {
            for (Path written : ChartWriter.write(plot, result, settings)) {
                out.println("wrote " + written);
            }
        }
        out.flush();
        return 0;
    }

    private List<Integer> ellList() {
        List<Integer> out = new ArrayList<>();
        for (String e : ells) {
            try {
                out.add(Integer.parseInt(e.strip()));
            } catch (NumberFormatException x) {
                throw new ConfigurationException("--ell " + e + " is not a number: give a list such as 1,2,3, or auto");
            }
        }
        return out;
    }

    /** {@code --ell auto}: every scenario's partial protocol with ell per round vs every fixed ell 1..r. */
    private int autoEll(boolean exact, boolean approx) throws IOException {
        if (ells.size() != 1) {
            throw new ConfigurationException("--ell auto chooses among 1..r itself: give it alone, not with " + ells);
        }
        if (approx || !exact) {
            throw new ConfigurationException("--ell auto measures completion times: use --mode exact");
        }
        UploadCost cost = UploadCost.parse(uploadCost == null ? "d=1e6,bandwidth=1.25e8" : uploadCost);
        List<Integer> candidates = new ArrayList<>();
        for (int ell = 1; ell <= replication; ell++) {
            candidates.add(ell);
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (String a : assignments) {
            for (String o : orderings) {
                if (new OrderingSpec(o.strip(), seed).isAdaptive()) {
                    throw new ConfigurationException("--ell auto runs on static orders: use --ordering optimal (or"
                            + " natural, random, csv:PATH)");
                }
                scenarios.add(Scenario.build(new AssignmentSpec(a.strip(), workers, replication, seed),
                        new OrderingSpec(o.strip(), seed), candidates));
            }
        }
        TrialSource source = trials(Simulator.positionsNeeded(scenarios));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(java.util.Locale.ROOT, "ell per round (auto) vs fixed ell: partial protocol, exact mode, %d"
                + " consecutive trials of %s%nupload cost %s, latency %s s: upload seconds per ell", source.count(),
                source.describe(), cost.spec(), SimulationReport.num(latency));
        for (int ell : candidates) {
            out.printf(java.util.Locale.ROOT, "  %d: %.4f", ell, cost.seconds(ell));
        }
        out.println();
        List<Map<String, Object>> json = new ArrayList<>();
        for (Scenario s : scenarios) {
            AutoEllSimulation.Result r = AutoEllSimulation.run(s, source, latency, cost, seed);
            TextTable table = new TextTable("ell", "mean", "median", "p95", "rounds chosen (auto)", "vs best fixed");
            double best = r.fixedMean(r.bestFixed());
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("scenario", s.label());
            for (int ell : candidates) {
                CompletionStats st = CompletionStats.of(r.fixedCompletion().get(ell));
                table.row(ell, SimulationReport.num(st.mean()), SimulationReport.num(st.median()),
                        SimulationReport.num(st.p95()), r.timesChosen(ell), String.format(java.util.Locale.ROOT,
                                "%+.1f%%", 100 * (st.mean() / best - 1)));
                j.put("fixed_" + ell + "_mean", st.mean());
                j.put("chosen_" + ell, r.timesChosen(ell));
            }
            CompletionStats st = CompletionStats.of(r.autoCompletion());
            table.row("auto", SimulationReport.num(st.mean()), SimulationReport.num(st.median()),
                    SimulationReport.num(st.p95()), source.count(), String.format(java.util.Locale.ROOT, "%+.1f%%",
                            100 * (st.mean() / best - 1)));
            j.put("auto_mean", st.mean());
            j.put("best_fixed_ell", r.bestFixed());
            json.add(j);
            out.printf(java.util.Locale.ROOT, "%n== %s: %s (%.1f s) ==%n%s", s.label(), s.assignment().name(),
                    r.seconds(), table);
        }
        if (this.json != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("config", config(source));
            doc.put("upload_cost", cost.spec());
            doc.put("results", json);
            Json.write(this.json, doc);
            out.println("wrote " + this.json);
        }
        out.flush();
        return 0;
    }

    private TrialSource trials(int[] positions) throws IOException {
        if (traceIn != null && DelayModels.isTrace(delays) && !DelayModels.tracePath(delays).equals(traceIn)) {
            throw new ConfigurationException("--trace-in " + traceIn + " and --delays " + delays
                    + " name different traces: give one of them");
        }
        Path trace = traceIn != null ? traceIn : DelayModels.isTrace(delays) ? DelayModels.tracePath(delays) : null;
        if (trace == null) {
            return DelayModels.parse(delays).trials(positions, seed, trials);
        }
        RecordedTrials recorded;
        try {
            recorded = TraceCsv.read(trace, positions);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("trace file " + trace + " does not exist (record one with --trace-out PATH)");
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--trials")) {
            return recorded;
        }
        if (trials > recorded.count()) {
            throw new ConfigurationException("--trials " + trials + " but " + trace + " holds only " + recorded.count()
                    + " trials (drop --trials to replay them all)");
        }
        return recorded.first(trials);
    }

    /** The options as run, for the JSON document. */
    private Map<String, Object> config(TrialSource source) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("preset", preset);
        c.put("m", workers);
        c.put("assignments", assignments);
        c.put("replication", replication);
        c.put("ell", ells);
        c.put("orderings", orderings);
        c.put("delays", source.describe());
        c.put("trials", source.count());
        c.put("mode", mode);
        c.put("deadlines", deadlines == null ? List.of() : deadlines);
        c.put("latency", latency);
        c.put("k", ignoreK);
        c.put("theta", theta);
        c.put("seed", seed);
        return c;
    }

    /** A progress bar on stderr when it is a terminal; silent otherwise (logs and pipes stay clean). */
    private static final class Progress implements IntConsumer, AutoCloseable {
        private final ProgressBar bar;

        private Progress(ProgressBar bar) {
            this.bar = bar;
        }

        static Progress start(int total) {
            boolean terminal = System.console() != null;
            return new Progress(terminal ? new ProgressBarBuilder().setTaskName("simulate").setInitialMax(total)
                    .setUnit(" trials", 1).build() : null);
        }

        @Override
        public void accept(int done) {
            if (bar != null) {
                synchronized (bar) {
                    bar.stepBy(done);
                }
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
