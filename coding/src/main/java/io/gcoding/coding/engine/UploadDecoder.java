package io.gcoding.coding.engine;

import io.gcoding.coding.BlockLayout;
import io.gcoding.coding.DecodingMatrix;
import io.gcoding.coding.FixedCode;
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

    /** g = sum_j a_j t_j with the fixed code's weights for the uploads in hand. */
    static UploadDecoder fixed(FixedCode code) {
        return code::decode;
    }

    /** The decoder of a rule's uploads: its fixed code's when workers upload on completion, else Theta's. */
    static UploadDecoder forRule(RoundRule rule, DecodingMatrix theta, BlockLayout layout) {
        return rule.fixedCode() != null ? fixed(rule.fixedCode()) : gradient(theta, layout);
    }
}
