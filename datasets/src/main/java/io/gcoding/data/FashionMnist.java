package io.gcoding.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017): 60,000 training and 10,000 test images of 28 x 28 grey pixels in 10
 * classes, read from the four IDX {@code .gz} files that Debian's {@code dataset-fashion-mnist} package installs.
 * Pixels are scaled to [0, 1] (divided by 255); labels are class indices 0..9.
 */
public final class FashionMnist {
    /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final int CLASSES = 10;

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

    private FashionMnist() {
    }

    /** Loads train and test from {@code dir} ({@link #DEFAULT_DIR} when null). */
    public static TrainTest load(Path dir) throws IOException {
        Path d = dir == null ? DEFAULT_DIR : dir;
        for (String name : new String[] {TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS}) {
            if (!Files.isRegularFile(d.resolve(name))) {
                throw new MissingDatasetException("Fashion-MNIST not found: " + d.resolve(name) + " does not exist. "
                        + "Install it with 'sudo apt-get install dataset-fashion-mnist' (files go to " + DEFAULT_DIR
                        + "), or point --data-dir at a directory holding " + TRAIN_IMAGES + ", " + TRAIN_LABELS + ", "
                        + TEST_IMAGES + " and " + TEST_LABELS + ".");
            }
        }
        Dataset train = read("fashion-mnist/train", d.resolve(TRAIN_IMAGES), d.resolve(TRAIN_LABELS));
        Dataset test = read("fashion-mnist/test", d.resolve(TEST_IMAGES), d.resolve(TEST_LABELS));
        if (train.features() != test.features()) {
            throw new DatasetFormatException(d.resolve(TEST_IMAGES), "header", "images are "
                    + test.features() + " pixels, the training images " + train.features());
        }
        return new TrainTest(train, test);
    }

    /** One split: an image file and its label file, which must agree on the count. */
    static Dataset read(String name, Path imagesFile, Path labelsFile) throws IOException {
        IdxReader.Images images = IdxReader.readImages(imagesFile);
        int[] labels = IdxReader.readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new DatasetFormatException(labelsFile, "header", labels.length + " labels for " + images.count()
                    + " images in " + imagesFile.getFileName());
        }
        byte[] pixels = images.pixels();
        double[] x = new double[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            x[i] = (pixels[i] & 0xFF) / 255.0;
        }
        double[] y = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= CLASSES) {
                throw new DatasetFormatException(labelsFile, "label " + i, "value " + labels[i]
                        + " is not a Fashion-MNIST class (0.." + (CLASSES - 1) + ")");
            }
            y[i] = labels[i];
        }
        return new Dataset(name, images.count(), images.pixelsPerImage(), CLASSES, x, y);
    }
}
