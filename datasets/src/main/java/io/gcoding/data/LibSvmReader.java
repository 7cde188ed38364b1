package io.gcoding.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The LIBSVM / SVMlight text format: one example per line, {@code label index:value index:value ...} with 1-based,
 * strictly increasing feature indices; absent features are zero. Blank lines and {@code #} comments are skipped.
 *
 * <p>Reading is two steps because train and test files must agree: {@link #parse} each file into sparse rows, then
 * {@link #toDatasets} fixes the number of features (the largest index in either file) and the label mapping (from
 * the labels of both files) and densifies.
 */
public final class LibSvmReader {
    /** Integer labels with at most this many distinct values are read as classes when no task is given. */
    static final int MAX_AUTO_CLASSES = 100;

    /** One file's rows in sparse form; indices are 0-based here. */
    public record Sparse(Path file, double[] labels, int[][] indices, double[][] values, int maxIndex) {
        public int rows() {
            return labels.length;
        }
    }

    private LibSvmReader() {
    }

    public static Sparse parse(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null,
                    "LIBSVM file not found (check the path after 'libsvm:')");
        }
        List<Double> labels = new ArrayList<>();
        List<int[]> indices = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        int maxIndex = -1;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                int hash = line.indexOf('#');
                String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (content.isEmpty()) {
                    continue;
                }
                String where = "line " + lineNo;
                String[] tokens = content.split("\\s+");
                labels.add(number(file, where, tokens[0], "label"));
                int[] idx = new int[tokens.length - 1];
                double[] val = new double[tokens.length - 1];
                int previous = -1;
                for (int t = 1; t < tokens.length; t++) {
                    String token = tokens[t];
                    int colon = token.indexOf(':');
                    if (colon <= 0 || colon == token.length() - 1) {
                        throw new DatasetFormatException(file, where, "'" + token
                                + "' is not index:value (LIBSVM lines are 'label index:value index:value ...')");
                    }
                    String indexText = token.substring(0, colon);
                    int index;
                    try {
                        index = Integer.parseInt(indexText);
                    } catch (NumberFormatException e) {
                        throw new DatasetFormatException(file, where, "feature index '" + indexText
                                + "' is not an integer" + (indexText.equals("qid") ? " (ranking files with qid are not supported)" : ""));
                    }
                    if (index < 1) {
                        throw new DatasetFormatException(file, where, "feature index " + index
                                + " is below 1 (LIBSVM indices are 1-based)");
                    }
                    if (index - 1 <= previous) {
                        throw new DatasetFormatException(file, where, "feature index " + index
                                + " after " + (previous + 1) + ": indices must be strictly increasing");
                    }
                    previous = index - 1;
                    idx[t - 1] = index - 1;
                    val[t - 1] = number(file, where, token.substring(colon + 1), "value of feature " + index);
                }
                maxIndex = Math.max(maxIndex, previous);
                indices.add(idx);
                values.add(val);
            }
        }
        if (labels.isEmpty()) {
            throw new DatasetFormatException(file, null, "no examples (the file is empty or only comments)");
        }
        double[] y = new double[labels.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i);
        }
        return new Sparse(file, y, indices.toArray(new int[0][]), values.toArray(new double[0][]), maxIndex);
    }

    private static double number(Path file, String where, String text, String what) throws IOException {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new DatasetFormatException(file, where, what + " '" + text + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new DatasetFormatException(file, where, what + " is " + text);
        }
        return v;
    }

    /**
     * Densifies one or two parsed files with a shared feature count and label mapping.
     *
     * @param task the labels' meaning, or null to infer it: labels within {-1, +1} or {0, 1} are binary, other
     *             integer labels with at most {@value #MAX_AUTO_CLASSES} distinct values are classes, anything else
     *             is regression
     * @return the datasets in the order given
     */
    public static Dataset[] toDatasets(Task task, String name, Sparse... files) throws IOException {
        TreeSet<Double> distinct = new TreeSet<>();
        int maxIndex = -1;
        for (Sparse s : files) {
            for (double label : s.labels()) {
                distinct.add(label);
            }
            maxIndex = Math.max(maxIndex, s.maxIndex());
        }
        if (maxIndex < 0) {
            throw new DatasetFormatException(files[0].file(), null, "no example has any feature");
        }
        Task resolved = task != null ? task : infer(distinct);
        double[] classValues = distinct.stream().mapToDouble(Double::doubleValue).toArray();
        int classes = 1;
        switch (resolved) {
            case BINARY -> {
                if (classValues.length > 2) {
                    throw new DatasetFormatException(files[0].file(), null, "task=logistic needs two label values, found "
                            + classValues.length + " (" + preview(classValues) + "); use task=softmax");
                }
            }
            case MULTICLASS -> {
                if (classValues.length < 2) {
                    throw new DatasetFormatException(files[0].file(), null,
                            "task=softmax needs at least two label values, found " + preview(classValues));
                }
                classes = classValues.length;
            }
            case REGRESSION -> classValues = null;
        }
        int features = maxIndex + 1;
        Dataset[] out = new Dataset[files.length];
        for (int f = 0; f < files.length; f++) {
            Sparse s = files[f];
            if ((long) s.rows() * features > Integer.MAX_VALUE - 16) {
                throw new DatasetFormatException(s.file(), null, s.rows() + " rows x " + features
                        + " features is too large to hold densely");
            }
            double[] x = new double[s.rows() * features];
            double[] y = new double[s.rows()];
            for (int r = 0; r < s.rows(); r++) {
                int[] idx = s.indices()[r];
                double[] val = s.values()[r];
                for (int k = 0; k < idx.length; k++) {
                    x[r * features + idx[k]] = val[k];
                }
                y[r] = mapLabel(resolved, classValues, s.labels()[r]);
            }
            String split = files.length == 1 ? "" : (f == 0 ? "/train" : "/test");
            out[f] = new Dataset(name + split, s.rows(), features, classes, x, y);
        }
        return out;
    }

    static Task infer(TreeSet<Double> distinct) {
        if (distinct.size() <= 2 && (isSubset(distinct, -1.0, 1.0) || isSubset(distinct, 0.0, 1.0))) {
            return Task.BINARY;
        }
        boolean integers = distinct.stream().allMatch(v -> v == Math.rint(v));
        return integers && distinct.size() <= MAX_AUTO_CLASSES ? Task.MULTICLASS : Task.REGRESSION;
    }

    private static boolean isSubset(TreeSet<Double> set, double a, double b) {
        return set.stream().allMatch(v -> v == a || v == b);
    }

    /**
     * Binary: of the two label values the smaller maps to 0 and the larger to 1 (so -1/+1 and 0/1 both become 0/1);
     * a file with a single label value maps +1 to 1 and anything else to 0. Classes: rank in sorted order.
     */
    private static double mapLabel(Task task, double[] classValues, double label) {
        return switch (task) {
            case REGRESSION -> label;
            case BINARY -> classValues.length == 2 ? (label == classValues[1] ? 1.0 : 0.0) : (label == 1.0 ? 1.0 : 0.0);
            case MULTICLASS -> Arrays.binarySearch(classValues, label);
        };
    }

    private static String preview(double[] values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(values.length, 5); i++) {
            b.append(i > 0 ? ", " : "").append(values[i]);
        }
        return b.append(values.length > 5 ? ", ..." : "").toString();
    }
}
