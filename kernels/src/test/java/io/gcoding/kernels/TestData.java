package io.gcoding.kernels;

import io.gcoding.data.HostChunk;
import io.gcoding.model.ModelSpec;
import io.gcoding.model.SampleData;

/** Seeded random chunks and vectors for the backend tests (the model module's SampleData as host chunks). */
public final class TestData {

    private TestData() {
    }

    /** Features ~ N(0, 1); labels suited to the model (real, 0/1, or class indices). */
    public static HostChunk chunk(ModelSpec model, int rows, long seed) {
        SampleData.Rows sample = SampleData.rows(model, rows, seed);
        return new HostChunk(rows, model.inputDim(), sample.features(), sample.labels());
    }

    public static double[] vector(int length, double scale, long seed) {
        return SampleData.vector(length, scale, seed);
    }
}
