package io.gcoding.cli;

import io.gcoding.coding.ConfigurationException;
import io.gcoding.data.TrainTest;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --worker-heap}: the -Xmx of each local worker process. {@code auto} follows the data: a worker loads the
 * whole dataset (train and test) before it cuts its chunks, and the load and the chunk copies briefly hold it about
 * three times, plus a fixed 256 MB for the JVM, gRPC and the model.
 */
record WorkerHeap(long megabytes) {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,7})([mMgG])");
    static final long AUTO = -1;

    static WorkerHeap parse(String text) {
        if (text == null || text.equalsIgnoreCase("auto")) {
            return new WorkerHeap(AUTO);
        }
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new ConfigurationException("--worker-heap '" + text + "' is not a size: give e.g. 768m, 4g or auto");
        }
        long n = Long.parseLong(m.group(1)) * (m.group(2).equalsIgnoreCase("g") ? 1024 : 1);
        if (n < 64) {
            throw new ConfigurationException("--worker-heap " + text + " is below the 64 MB a worker needs");
        }
        return new WorkerHeap(n);
    }

    /** The -Xmx value for this data. */
    String forData(TrainTest data) {
        if (megabytes != AUTO) {
            return megabytes + "m";
        }
        long values = (long) data.train().rows() * (data.train().features() + 1)
                + (long) data.test().rows() * (data.test().features() + 1);
        long mb = (3 * 8 * values >> 20) + 256;
        return String.format(Locale.ROOT, "%dm", Math.max(256, mb));
    }
}
