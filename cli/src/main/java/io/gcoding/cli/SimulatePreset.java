package io.gcoding.cli;

import io.gcoding.coding.ConfigurationException;
import java.util.List;
import picocli.CommandLine.ParseResult;

/**
 * {@code --preset paper}: the experiments of Ramamoorthy, Meng, Girimaji (NeurIPS 2024) as far as this project
 * reproduces them: m = 20 workers, cyclic and random-regular assignments with replication 4 (so s = 3, 2, 1
 * stragglers for ell = 1, 2, 3), optimal and random orderings, the partial-straggler delay model with its defaults,
 * exact and approx mode. The values are fixed here once; they were not tuned to produce the paper's figures. Options
 * the user gives explicitly keep their value.
 */
final class SimulatePreset {
    static final String PAPER_DELAYS = "stragglers:a=1,b=0.5,p_slow=0.2,slow=3-10,p_fail=0.1";

    private SimulatePreset() {
    }

    static void apply(String name, SimulateCommand c, ParseResult given) {
        if (!name.equals("paper")) {
            throw new ConfigurationException("unknown preset '" + name + "' (the only preset is 'paper')");
        }
        if (!given.hasMatchedOption("--m")) {
            c.workers = 20;
        }
        if (!given.hasMatchedOption("--assignment")) {
            c.assignments = List.of("cyclic", "regular");
        }
        if (!given.hasMatchedOption("--replication")) {
            c.replication = 4;
        }
        if (!given.hasMatchedOption("--ell")) {
            c.ells = List.of("1", "2", "3");
        }
        if (!given.hasMatchedOption("--ordering")) {
            c.orderings = List.of("optimal", "random");
        }
        if (!given.hasMatchedOption("--delays") && !given.hasMatchedOption("--trace-in")) {
            c.delays = PAPER_DELAYS;
        }
        if (!given.hasMatchedOption("--mode")) {
            c.mode = "both";
        }
        if (!given.hasMatchedOption("--deadline")) {
            c.deadlines = List.of(2.0, 3.0, 4.0, 5.0, 6.0, 8.0);
        }
    }
}
