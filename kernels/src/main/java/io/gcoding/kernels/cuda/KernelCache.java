package io.gcoding.kernels.cuda;

import io.gcoding.kernels.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On-disk cache of compiled kernel images (CUBIN or PTX), keyed by a SHA-256 of everything that determines the
 * output: the source text, the target architecture and the NVRTC version. A later process, or another worker on the
 * same machine, loads the image instead of running NVRTC again (NVRTC takes a few hundred milliseconds per file).
 *
 * <p>The cache is an optimisation only: an unreadable or unwritable directory means compiling every time, logged once
 * at debug level, never an error. Entries are written to a temporary file and moved into place, so concurrent
 * workers never read a half-written image.
 */
public final class KernelCache {

    public static final String PROPERTY = "gcoding.cuda.cache";
    public static final String ENV = "GCODING_CUDA_CACHE";

    private static final Logger LOG = LoggerFactory.getLogger(KernelCache.class);

    private final Path directory;

    public KernelCache(Path directory) {
        this.directory = directory;
    }

    /** {@code -Dgcoding.cuda.cache} / {@code GCODING_CUDA_CACHE}, else {@code ~/.cache/gcoding/cuda-kernels}. */
    public static KernelCache configured(Settings settings) {
        Settings.Value configured = settings.get(PROPERTY, ENV);
        Path dir = configured != null ? Path.of(configured.value())
                : Path.of(System.getProperty("user.home"), ".cache", "gcoding", "cuda-kernels");
        return new KernelCache(dir);
    }

    public Path directory() {
        return directory;
    }

    /** Stable key of one compilation. */
    public static String key(String source, String target, String compilerVersion) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((target + "\n" + compilerVersion + "\n" + source).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** The cached image for {@code key}, or the compiler's output (then stored). */
    public byte[] getOrCompile(String key, Supplier<byte[]> compiler) {
        Path file = directory.resolve(key + ".bin");
        try {
            if (Files.isRegularFile(file)) {
                return Files.readAllBytes(file);
            }
        } catch (IOException e) {
            LOG.debug("kernel cache entry {} unreadable, recompiling: {}", file, e.toString());
        }
        byte[] image = compiler.get();
        try {
            store(file, image);
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("kernel cache directory {} not writable, not caching: {}", directory, e.toString());
        }
        return image;
    }

    private void store(Path file, byte[] image) throws IOException {
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "kernel-", ".tmp");
        try {
            Files.write(temp, image);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
