package io.gcoding.coding;

/**
 * How a gradient of dimension d is cut into ell equal blocks (PROTOCOL.md §1): block length L = ceil(d / ell),
 * the tail padded with zeros. Every upload has length L.
 */
public record BlockLayout(int dimension, int ell) {
    public BlockLayout {
        if (dimension < 1) {
            throw new ConfigurationException("the gradient dimension must be >= 1, got " + dimension);
        }
        if (ell < 1) {
            throw new ConfigurationException("ell must be >= 1, got " + ell);
        }
    }

    public int blockLength() {
        return (dimension + ell - 1) / ell;
    }

    public int paddedDimension() {
        return blockLength() * ell;
    }
}
