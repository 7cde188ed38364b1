package io.gcoding.coding.sim;

import io.gcoding.coding.Assignments;
import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.QmaxCalculator;
import io.gcoding.coding.StateVector;
import io.gcoding.coding.engine.ProtocolKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The discrete-event simulator: runs every scenario, ell and protocol on the same trials and summarises them
 * (Ramamoorthy, Meng, Girimaji, "Leveraging partial stragglers within gradient coding", NeurIPS 2024, §5 of
 * PROTOCOL.md). Trials are processed in blocks by a fixed pool of threads; each thread owns its evaluators and
 * event streams and writes only its own trial indices, so the results do not depend on the number of threads.
 */
public final class Simulator {
    private static final int BLOCK = 64;

    private Simulator() {
    }

    /**
     * Positions per worker the trials must provide: the largest coded load over the scenarios, or the uncoded share
     * when larger.
     */
    public static int[] positionsNeeded(List<Scenario> scenarios) {
        int m = scenarios.get(0).assignment().workers();
        int[] need = new int[m];
        for (Scenario s : scenarios) {
            if (s.assignment().workers() != m) {
                throw new ConfigurationException("all scenarios of a run need the same number of workers: "
                        + s.assignment() + " has " + s.assignment().workers() + ", expected " + m);
            }
            var plain = Assignments.uncoded(s.assignment().chunks(), m);
            for (int j = 0; j < m; j++) {
                need[j] = Math.max(need[j], s.assignment().load(j));
                if (j < plain.workers()) {
                    need[j] = Math.max(need[j], plain.load(j));
                }
            }
        }
        return need;
    }

    /**
     * @param progress told how many more trials are done, from the worker threads (may be called concurrently)
     */
    public static SimulationResult run(List<Scenario> scenarios, TrialSource trials, SimulationSettings settings,
                                       IntConsumer progress) {
        long start = System.nanoTime();
        int n = trials.count();
        int m = scenarios.get(0).assignment().workers();
        if (trials.trial(0).workers() != m) {
            throw new ConfigurationException(trials.describe() + " has " + trials.trial(0).workers()
                    + " workers but the assignment has " + m);
        }
        // built here first so that configuration errors surface before any thread starts
        List<ProtocolEvaluator> templates = evaluators(scenarios, settings);
        List<OutcomeTable> tables = new ArrayList<>();
        for (int e = 0; e < templates.size(); e++) {
            tables.add(new OutcomeTable(n, settings.deadlines().length));
        }
        AtomicInteger nextBlock = new AtomicInteger();
        // an adaptive ordering learns from the previous rounds: its trials are consecutive rounds, played in order
        int threads = sequential(scenarios) ? 1 : Math.min(settings.threads(), (n + BLOCK - 1) / BLOCK);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "simulator");
            t.setDaemon(true);
            return t;
        });
        List<EncoderCheck> checks = new ArrayList<>();
        List<AdaptiveStats> adaptive = new ArrayList<>();
        templates.forEach(t -> {
            checks.add(EncoderCheck.NONE);
            adaptive.add(t.adaptiveStats());
        });
        try {
            List<Future<List<ProtocolEvaluator>>> futures = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                futures.add(pool.submit(() -> work(scenarios, trials, settings, tables, nextBlock, progress)));
            }
            for (Future<List<ProtocolEvaluator>> f : futures) {
                List<ProtocolEvaluator> part = f.get();
                for (int e = 0; e < checks.size(); e++) {
                    checks.set(e, checks.get(e).plus(part.get(e).encoderCheck()));
                    AdaptiveStats a = part.get(e).adaptiveStats();
                    adaptive.set(e, a == null ? null : adaptive.get(e).plus(a));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulation interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<SimulationResult.ScenarioResult> results = new ArrayList<>();
        int e = 0;
        for (Scenario s : scenarios) {
            List<SimulationResult.EllResult> ells = new ArrayList<>();
            for (int ell : settings.ells()) {
                ells.add(summarise(ell, templates.get(e), tables.get(e), checks.get(e), adaptive.get(e), settings));
                e++;
            }
            results.add(new SimulationResult.ScenarioResult(s, ells));
        }
        return new SimulationResult(results, n, trials.describe(), (System.nanoTime() - start) / 1e9);
    }

    /** True when some scenario's trials must run in order, on one thread (an adaptive ordering). */
    public static boolean sequential(List<Scenario> scenarios) {
        return scenarios.stream().anyMatch(Scenario::adaptive);
    }

    private static List<ProtocolEvaluator> evaluators(List<Scenario> scenarios, SimulationSettings settings) {
        List<ProtocolEvaluator> list = new ArrayList<>();
        for (Scenario s : scenarios) {
            for (int ell : settings.ells()) {
                list.add(new ProtocolEvaluator(s.ordering(ell), ell, settings, s.adaptive()));
            }
        }
        return list;
    }

    /** One thread: takes blocks of trials until none is left. */
    private static List<ProtocolEvaluator> work(List<Scenario> scenarios, TrialSource trials, SimulationSettings settings,
                                           List<OutcomeTable> tables, AtomicInteger nextBlock, IntConsumer progress) {
        List<ProtocolEvaluator> evaluators = evaluators(scenarios, settings);
        int n = trials.count();
        for (int b = nextBlock.getAndIncrement(); (long) b * BLOCK < n; b = nextBlock.getAndIncrement()) {
            int end = Math.min(n, (b + 1) * BLOCK);
            for (int t = b * BLOCK; t < end; t++) {
                Trial trial = trials.trial(t);
                for (int e = 0; e < evaluators.size(); e++) {
                    evaluators.get(e).evaluate(t, trial, t < settings.encoderChecks(), tables.get(e));
                }
            }
            progress.accept(end - b * BLOCK);
        }
        return evaluators;
    }

    private static SimulationResult.EllResult summarise(int ell, ProtocolEvaluator ev, OutcomeTable table,
                                                        EncoderCheck check, AdaptiveStats adaptive,
                                                        SimulationSettings settings) {
        Map<ProtocolKind, double[]> completion = new EnumMap<>(ProtocolKind.class);
        Map<ProtocolKind, CompletionStats> stats = new EnumMap<>(ProtocolKind.class);
        Map<ProtocolKind, Double> exactError = new EnumMap<>(ProtocolKind.class);
        Map<ProtocolKind, StateVector[]> states = new EnumMap<>(ProtocolKind.class);
        Map<ProtocolKind, FaultCounts> faults = new EnumMap<>(ProtocolKind.class);
        int oracleMatches = 0;
        if (settings.exact()) {
            for (ProtocolKind p : ProtocolKind.values()) {
                int i = p.ordinal();
                completion.put(p, table.completion[i]);
                stats.put(p, CompletionStats.of(table.completion[i]));
                exactError.put(p, CompletionStats.meanOfDefined(table.exactError[i]));
                if (p.runsRounds()) {
                    states.put(p, table.triggerStates[i]);
                    faults.put(p, FaultCounts.of(table.reEncodes[i], table.resumes[i]));
                }
            }
            double[] ours = completion.get(ProtocolKind.PARTIAL);
            double[] oracle = completion.get(ProtocolKind.ORACLE);
            for (int t = 0; t < ours.length; t++) {
                oracleMatches += ours[t] == oracle[t] ? 1 : 0;
            }
        }
        SimulationResult.ApproxResult approx = null;
        if (settings.approx()) {
            Map<ProtocolKind, double[]> mean = new EnumMap<>(ProtocolKind.class);
            for (ProtocolKind p : ProtocolKind.values()) {
                if (p.inApproxMode()) {
                    double[][] perDeadline = table.approxError[p.ordinal()];
                    mean.put(p, Arrays.stream(perDeadline).mapToDouble(CompletionStats::meanOfDefined).toArray());
                }
            }
            approx = new SimulationResult.ApproxResult(settings.deadlines(), mean);
        }
        int qmax = QmaxCalculator.qmax(ev.ordering(), ell);
        return new SimulationResult.EllResult(ell, ev.ordering(), qmax, ev.tolerated(), ev.ignoreK(), completion, stats,
                exactError, states, faults, oracleMatches, approx, check, adaptive);
    }
}
