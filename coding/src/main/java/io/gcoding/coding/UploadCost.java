package io.gcoding.coding;

/**
 * What an upload costs: a worker sends ceil(d / ell) doubles, so the upload takes {@code 8 ceil(d / ell) /
 * bandwidth} seconds on top of the message latency. This is the trade-off ell makes: a larger ell needs each chunk
 * covered more times before the trigger, and sends less. Spec: {@code d=PARAMETERS,bandwidth=BYTES_PER_SECOND}.
 *
 * @param parameters     d, the gradient's length
 * @param bytesPerSecond the upload bandwidth of one worker
 */
public record UploadCost(long parameters, double bytesPerSecond) {

    public UploadCost {
        if (parameters < 1) {
            throw new ConfigurationException("upload cost: d must be >= 1 parameters, got " + parameters);
        }
        if (!(bytesPerSecond > 0) || Double.isInfinite(bytesPerSecond)) {
            throw new ConfigurationException("upload cost: bandwidth must be a positive number of bytes per second,"
                    + " got " + bytesPerSecond);
        }
    }

    /** Seconds to send one upload at this ell. */
    public double seconds(int ell) {
        long length = (parameters + ell - 1) / ell;
        return 8.0 * length / bytesPerSecond;
    }

    /** {@code d=1e6,bandwidth=1.25e8}: 1 M parameters at 1 Gbit/s. */
    public static UploadCost parse(String spec) {
        KeyValueSpec p = KeyValueSpec.parse("upload cost", spec, "d=1e6,bandwidth=1.25e8");
        p.requireOnly("d", "bandwidth");
        double d = p.number("d", 1e6);
        if (!(d >= 1) || d != Math.rint(d) || d > Long.MAX_VALUE) {
            throw new ConfigurationException("upload cost: d must be a whole number of parameters >= 1, got "
                    + KeyValueSpec.format(d));
        }
        return new UploadCost((long) d, p.number("bandwidth", 1.25e8));
    }

    public String spec() {
        return "d=" + parameters + ",bandwidth=" + KeyValueSpec.format(bytesPerSecond);
    }
}
