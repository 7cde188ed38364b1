package io.gcoding.coding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * An assignment as users and config messages name it: {@code cyclic}, {@code frc}, {@code regular} (seeded) or
 * {@code csv:PATH}, with m and the replication r (ignored for csv, whose file fixes both).
 */
public record AssignmentSpec(String kind, int workers, int replication, long seed) {

    public AssignmentSpec {
        if (kind == null || !(kind.equals("cyclic") || kind.equals("frc") || kind.equals("regular")
                || kind.startsWith("csv:"))) {
            throw new ConfigurationException("unknown assignment '" + kind + "' (use cyclic, frc, regular or csv:PATH)");
        }
    }

    public Assignment build() {
        return switch (kind) {
            case "cyclic" -> Assignments.cyclic(workers, replication);
            case "frc" -> Assignments.frc(workers, replication);
            case "regular" -> Assignments.randomRegular(workers, replication, seed);
            default -> {
                Path path = Path.of(kind.substring("csv:".length()));
                try {
                    yield AssignmentCsv.read(path);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read assignment file " + path + ": " + e.getMessage(), e);
                }
            }
        };
    }
}
