package io.gcoding.training;

/** Entry point for the command line: parse a spec and build the optimizer in one call. */
public final class Optimizers {
    private Optimizers() {
    }

    /**
     * {@code parse("sgd:lr=0.1,momentum=0.9", 60000)} or {@code parse("adam:lr=0.001", 60000)}.
     *
     * @param gradientScale the number of rows the summed gradient covers (see {@link Optimizer})
     */
    public static Optimizer parse(String text, double gradientScale) {
        return OptimizerSpec.parse(text).create(gradientScale);
    }
}
