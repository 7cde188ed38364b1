package io.gcoding.data;

/**
 * SplitMix64 (Steele, Lea, Flood 2014) with Box-Muller Gaussians through {@link StrictMath}.
 *
 * <p>Why not {@code java.util.Random} or {@code SplittableRandom}: a worker process must rebuild exactly the chunks,
 * mini-batches and injected delays the coordinator has in mind, possibly on another machine and JVM. Owning the
 * generator (and using StrictMath, whose results are specified bit for bit) makes every draw a pure function of the
 * seed, independent of the JDK version and CPU.
 */
public final class SeededRandom {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    SeededRandom(long seed) {
        this.state = seed;
    }

    /**
     * A generator for one sub-stream, e.g. {@code of(seed, round, chunk)}: the keys are hashed together so that
     * neighbouring keys give unrelated streams.
     */
    public static SeededRandom of(long... keys) {
        long h = 0x6A09E667F3BCC908L;
        for (long k : keys) {
            h = mix64(h ^ mix64(k + GOLDEN_GAMMA));
        }
        return new SeededRandom(h);
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound), unbiased (rejection of the incomplete last block). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        while (true) {
            long bits = nextLong() >>> 1;
            long value = bits % bound;
            if (bits - value + (bound - 1) >= 0) {
                return (int) value;
            }
        }
    }

    /** Standard normal (Box-Muller, one value per call: simpler to reason about than a cached pair). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]: log is finite
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** Exponential with the given mean. */
    public double nextExponential(double mean) {
        return -mean * StrictMath.log(1.0 - nextDouble());
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
