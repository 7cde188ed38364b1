package io.gcoding.coordinator;

import io.gcoding.coding.ConfigurationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of checkpoints {@code checkpoint-SEQ.gck}, newest = highest sequence number.
 *
 * <p>Writes are atomic: the bytes go to a temporary file in the same directory, which is fsynced, renamed over the
 * final name (an atomic rename within one file system) and then the directory is fsynced, so after a crash either the
 * new file is complete under its name or it does not exist. Only the newest {@value #KEEP} are kept. Reading takes
 * the newest file whose CRC32C and layout check ({@link CheckpointCodec}); a truncated or corrupt file is renamed to
 * {@code NAME.corrupt} (kept for inspection, never read or counted again) and the previous one is used.
 *
 * <p>One writer per directory (the coordinator); not thread-safe.
 */
public final class CheckpointStore {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    public static final int KEEP = 2;
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{1,18})\\.gck");

    /** A written checkpoint: its file, size and the time the write took (encode, write, fsyncs, rename). */
    public record Written(Path path, long bytes, double seconds) {
    }

    /**
     * What {@link #loadNewest()} found.
     *
     * @param checkpoint the newest valid checkpoint, or null when there is none
     * @param path       its file (null with it)
     * @param skipped    newer files that were corrupt, one line each (file: reason)
     */
    public record Loaded(Checkpoint checkpoint, Path path, List<String> skipped) {
    }

    private final Path dir;
    private long nextSequence = -1;

    public CheckpointStore(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    /** Writes {@code c} as the newest checkpoint and deletes all but the newest {@value #KEEP}. */
    public Written write(Checkpoint c) throws IOException {
        long t0 = System.nanoTime();
        byte[] bytes = CheckpointCodec.encode(c);
        Files.createDirectories(dir);
        if (nextSequence < 0) {
            nextSequence = sequences().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
        }
        long seq = nextSequence++;
        Path target = dir.resolve(String.format(java.util.Locale.ROOT, "checkpoint-%08d.gck", seq));
        Path tmp = dir.resolve(".checkpoint-" + seq + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory();
        prune();
        return new Written(target, bytes.length, (System.nanoTime() - t0) / 1e9);
    }

    /** The newest valid checkpoint; corrupt newer ones are renamed aside and reported. */
    public Loaded loadNewest() throws IOException {
        List<String> skipped = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Loaded(null, null, skipped);
        }
        List<Long> seqs = sequences();
        for (int i = seqs.size() - 1; i >= 0; i--) {
            Path p = file(seqs.get(i));
            try {
                return new Loaded(CheckpointCodec.decode(Files.readAllBytes(p)), p, skipped);
            } catch (CheckpointCodec.CorruptCheckpointException e) {
                Path aside = p.resolveSibling(p.getFileName() + ".corrupt");
                Files.move(p, aside, StandardCopyOption.REPLACE_EXISTING);
                String line = p.getFileName() + ": " + e.getMessage() + " (renamed to " + aside.getFileName() + ")";
                LOG.warn("checkpoint skipped: {}", line);
                skipped.add(line);
            }
        }
        return new Loaded(null, null, skipped);
    }

    /**
     * For {@code --resume}: the newest valid checkpoint.
     *
     * @throws ConfigurationException (one line) when the directory holds none, or only corrupt ones
     */
    public Loaded loadForResume() throws IOException {
        Loaded loaded = loadNewest();
        if (loaded.checkpoint() == null) {
            List<String> problems = new ArrayList<>(loaded.skipped());
            if (problems.isEmpty() && Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".gck.corrupt")).sorted()
                            .forEach(n -> problems.add(n + " (set aside earlier as corrupt)"));
                }
            }
            throw new ConfigurationException(problems.isEmpty()
                    ? "--resume: no checkpoint in " + dir + " (start without --resume; --checkpoint-dir writes them)"
                    : "--resume: no valid checkpoint in " + dir + ": " + String.join("; ", problems));
        }
        return loaded;
    }

    /** The checkpoint files, oldest first. */
    public List<Path> files() throws IOException {
        return sequences().stream().map(this::file).toList();
    }

    private Path file(long seq) {
        return dir.resolve(String.format(java.util.Locale.ROOT, "checkpoint-%08d.gck", seq));
    }

    private List<Long> sequences() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> NAME.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> Long.parseLong(m.group(1))).sorted(Comparator.naturalOrder()).toList();
        }
    }

    private void prune() throws IOException {
        List<Long> seqs = sequences();
        for (int i = 0; i < seqs.size() - KEEP; i++) {
            Files.deleteIfExists(file(seqs.get(i)));
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().matches("\\.checkpoint-\\d+\\.tmp")).toList()) {
                Files.deleteIfExists(p); // left by a crash in the middle of a write: never renamed, never valid
            }
        }
    }

    /** Makes the rename durable. Linux allows fsync on a directory; where a platform refuses, the rename stands. */
    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync the directory {}: {}", dir, e.toString());
        }
    }
}
