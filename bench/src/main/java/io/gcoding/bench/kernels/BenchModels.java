package io.gcoding.bench.kernels;

import io.gcoding.data.HostChunk;
import io.gcoding.kernels.BackendOptions;
import io.gcoding.kernels.BackendProvider;
import io.gcoding.kernels.Backends;
import io.gcoding.kernels.ComputeBackend;
import io.gcoding.model.ModelSpec;
import java.util.Random;

/**
 * The shapes the kernel benchmarks use. Fashion-MNIST-sized chunks: 784 features, 10 classes, chunks of 2,000 and
 * 8,000 rows, MLPs 784-128-10 and 784-256-128-10. The synthetic large case: 16,384 rows x 4,096 features,
 * 100 classes (512 MiB of features). Data are seeded Gaussians: throughput does not depend on the values.
 */
public final class BenchModels {

    public static final int FASHION_FEATURES = 784;
    public static final int FASHION_CLASSES = 10;
    public static final int LARGE_CLASSES = 100;

    private BenchModels() {
    }

    /**
     * A chunk shape written {@code ROWSxFEATURES}: {@code 2000x784} and {@code 8000x784} are Fashion-MNIST chunks
     * (10 classes); any other feature count is the synthetic large case (100 classes), e.g. {@code 16384x4096}.
     *
     * @param rows     rows per chunk
     * @param features features per row
     * @param classes  output classes of the SOFTMAX and MLP models
     */
    public record Shape(int rows, int features, int classes) {
        public static Shape parse(String text) {
            String[] parts = text.split("x");
            if (parts.length != 2) {
                throw new IllegalArgumentException("shape '" + text + "' is not ROWSxFEATURES, e.g. 8000x784");
            }
            int features = Integer.parseInt(parts[1]);
            return new Shape(Integer.parseInt(parts[0]), features,
                    features == FASHION_FEATURES ? FASHION_CLASSES : LARGE_CLASSES);
        }

        public ModelSpec model(String name) {
            return BenchModels.model(name, features, classes);
        }
    }

    /** {@code linear}, {@code logistic}, {@code softmax}, {@code mlp1} (one hidden layer) or {@code mlp2}. */
    public static ModelSpec model(String name, int features, int classes) {
        return switch (name) {
            case "linear" -> ModelSpec.linear(features);
            case "logistic" -> ModelSpec.logistic(features);
            case "softmax" -> ModelSpec.softmax(features, classes);
            case "mlp1" -> ModelSpec.mlp(features, classes, 128);
            case "mlp2" -> ModelSpec.mlp(features, classes, 256, 128);
            default -> throw new IllegalArgumentException("unknown model '" + name
                    + "'; use linear, logistic, softmax, mlp1 or mlp2");
        };
    }

    public static HostChunk chunk(ModelSpec model, int rows, long seed) {
        Random random = new Random(seed);
        double[] features = new double[Math.multiplyExact(rows, model.inputDim())];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextGaussian();
        }
        double[] labels = new double[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = switch (model.type()) {
                case LINEAR -> random.nextGaussian();
                case LOGISTIC -> random.nextInt(2);
                case SOFTMAX, MLP -> random.nextInt(model.classes());
            };
        }
        return new HostChunk(rows, model.inputDim(), features, labels);
    }

    public static double[] gaussian(int length, double scale, long seed) {
        Random random = new Random(seed);
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = scale * random.nextGaussian();
        }
        return v;
    }

    /** The backend registered under {@code name}, with an explicit BLAS thread count (ignored by CUDA). */
    public static ComputeBackend backend(String name, int blasThreads) {
        BackendProvider provider = Backends.providers().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no backend named " + name));
        return provider.create(BackendOptions.defaults().withBlasThreads(blasThreads));
    }
}
