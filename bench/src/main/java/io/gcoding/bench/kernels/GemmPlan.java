package io.gcoding.bench.kernels;

import io.gcoding.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The dgemm calls (row-major shapes) a SOFTMAX or MLP gradient makes for {@code rows} rows, in the order the backend
 * makes them: forward {@code A_l W_l} per layer, then per layer from the output {@code dW_l = A_l^T G_l} and,
 * except for the input layer, {@code G_{l-1} = G_l W_l^T}. Running only these gives the "dgemm rate at the
 * gradient's shape" that the gradient is compared with.
 */
public final class GemmPlan {

    /** One call {@code C (m x n) = op(A) op(B)}, k the inner dimension. */
    public record Call(boolean transA, boolean transB, int m, int n, int k) {
        public int lda() {
            return transA ? m : k;
        }

        public int ldb() {
            return transB ? k : n;
        }

        public long flops() {
            return 2L * m * n * k;
        }
    }

    private GemmPlan() {
    }

    public static List<Call> of(ModelSpec model, int rows) {
        int[] sizes = model.layerSizes();
        int layers = sizes.length - 1;
        List<Call> calls = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            calls.add(new Call(false, false, rows, sizes[l + 1], sizes[l]));
        }
        for (int l = layers - 1; l >= 0; l--) {
            calls.add(new Call(true, false, sizes[l], sizes[l + 1], rows));
            if (l > 0) {
                calls.add(new Call(false, true, rows, sizes[l], sizes[l + 1]));
            }
        }
        return calls;
    }

    public static long flops(ModelSpec model, int rows) {
        return of(model, rows).stream().mapToLong(Call::flops).sum();
    }
}
