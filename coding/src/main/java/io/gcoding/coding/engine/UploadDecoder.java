package io.gcoding.coding.engine;

import io.gcoding.coding.BlockLayout;
import io.gcoding.coding.DecodingMatrix;
import io.gcoding.coding.GradientDecoder;

/** Turns the uploads of one state into the gradient (PROTOCOL.md §2.7). */
@FunctionalInterface
public interface UploadDecoder {

    /** No decode: the simulator's uploads carry no data. */
    UploadDecoder NONE = uploads -> null;

    /** @param uploads one vector per worker, null for workers that sent nothing */
    double[] decode(double[][] uploads);

    /** ghat^(k) = sum_j Theta[k][j] t_j. */
    static UploadDecoder gradient(DecodingMatrix theta, BlockLayout layout) {
        return uploads -> GradientDecoder.decode(theta, uploads, layout);
    }
}
