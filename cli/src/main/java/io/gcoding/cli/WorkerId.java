package io.gcoding.cli;

import java.util.List;
import java.util.Map;

/**
 * A worker's id and where it came from: {@code --id}, else the rank a launcher gives each process it starts. The
 * launchers' variables are read in a fixed order, the innermost launcher first, because launchers nest: an
 * {@code mpirun} inside a Slurm batch script inherits the script's {@code SLURM_PROCID=0} in every process, and an
 * Indexed Job's pod knows nothing of Slurm. Under {@code deploy/slurm/gcoding.sbatch} task 0 is the coordinator, so
 * that script passes {@code --id $((SLURM_PROCID - 1))} itself.
 *
 * @param source "--id" or the name of the environment variable the id was read from
 */
record WorkerId(int id, String source) {

    /** The launchers' rank variables, in order of precedence (the first one set wins). */
    static final List<String> RANK_VARIABLES = List.of("OMPI_COMM_WORLD_RANK", "JOB_COMPLETION_INDEX", "SLURM_PROCID");

    private static final String OPTION = "--id";

    WorkerId {
        if (id < 0) {
            throw new IllegalArgumentException(source + " must be a worker id >= 0, got " + id);
        }
    }

    /** Whether the id was given as {@code --id} (else a launcher's variable gave it). */
    boolean fromOption() {
        return OPTION.equals(source);
    }

    /**
     * The id from {@code option} when given, else from the first of {@link #RANK_VARIABLES} set in {@code env}.
     *
     * @throws IllegalArgumentException naming the variable when its value is not a non-negative integer, or listing
     *     the ways to give an id when none is given
     */
    static WorkerId resolve(Integer option, Map<String, String> env) {
        if (option != null) {
            return new WorkerId(option, OPTION);
        }
        for (String name : RANK_VARIABLES) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                continue;
            }
            try {
                return new WorkerId(Integer.parseInt(value.trim()), name);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + "='" + value + "' is not a worker id (an integer >= 0):"
                        + " pass --id J to override it");
            }
        }
        throw new IllegalArgumentException("no worker id: pass --id J (0-based), or start the worker under a"
                + " launcher that sets one of " + String.join(", ", RANK_VARIABLES));
    }
}
