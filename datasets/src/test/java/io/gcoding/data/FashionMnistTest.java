package io.gcoding.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path dir;

    /** An IDX file: magic, dims, then the bytes; gzip-compressed unless {@code plain}. */
    static void writeIdx(Path file, int magic, int[] dims, byte[] data, boolean plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
        try (OutputStream out = plain ? Files.newOutputStream(file) : new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(bytes.toByteArray());
        }
    }

    /** Three 2x3 images with pixels 0, 1, ..., 17 (and 255 in the last), labels 9, 0, 4. */
    private void writeSmallSet(String images, String labels) throws IOException {
        byte[] pixels = new byte[18];
        for (int i = 0; i < 17; i++) {
            pixels[i] = (byte) i;
        }
        pixels[17] = (byte) 255;
        writeIdx(dir.resolve(images), IdxReader.IMAGES_MAGIC, new int[] {3, 2, 3}, pixels, false);
        writeIdx(dir.resolve(labels), IdxReader.LABELS_MAGIC, new int[] {3}, new byte[] {9, 0, 4}, false);
    }

    private void writeAllFour() throws IOException {
        writeSmallSet(FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS);
        writeSmallSet(FashionMnist.TEST_IMAGES, FashionMnist.TEST_LABELS);
    }

    @Test
    void readsSmallIdxFilesAndScalesPixelsToUnitInterval() throws IOException {
        writeAllFour();
        TrainTest data = FashionMnist.load(dir);
        Dataset train = data.train();
        assertEquals(3, train.rows());
        assertEquals(6, train.features());
        assertEquals(10, train.classes());
        assertArrayEquals(new double[] {9, 0, 4}, train.y());
        assertEquals(0.0, train.x()[0]);
        assertEquals(5 / 255.0, train.x()[5]);
        assertEquals(1.0, train.x()[17]);
        assertEquals(3, data.test().rows());
    }

    @Test
    void readsUncompressedIdxToo() throws IOException {
        Path f = dir.resolve("labels");
        writeIdx(f, IdxReader.LABELS_MAGIC, new int[] {2}, new byte[] {(byte) 200, 3}, true);
        assertArrayEquals(new int[] {200, 3}, IdxReader.readLabels(f));
    }

    @Test
    void missingDatasetNamesThePackageAndTheOption() {
        MissingDatasetException e = assertThrows(MissingDatasetException.class,
                () -> FashionMnist.load(dir.resolve("nowhere")));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("--data-dir"), e.getMessage());
        assertTrue(e.getMessage().contains(FashionMnist.TRAIN_IMAGES), e.getMessage());
    }

    @Test
    void wrongMagicNumberIsReported() throws IOException {
        writeAllFour();
        // a label file where an image file belongs
        Files.copy(dir.resolve(FashionMnist.TRAIN_LABELS), dir.resolve(FashionMnist.TRAIN_IMAGES),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("magic number 0x00000801, expected 0x00000803"), e.getMessage());
        assertTrue(e.getMessage().contains(FashionMnist.TRAIN_IMAGES), e.getMessage());
    }

    @Test
    void truncatedAndOverlongFilesAreReported() throws IOException {
        Path f = dir.resolve("images.gz");
        writeIdx(f, IdxReader.IMAGES_MAGIC, new int[] {2, 2, 2}, new byte[7], false);
        DatasetFormatException truncated = assertThrows(DatasetFormatException.class, () -> IdxReader.readImages(f));
        assertTrue(truncated.getMessage().contains("promises 8 bytes, the file has 7"), truncated.getMessage());

        writeIdx(f, IdxReader.IMAGES_MAGIC, new int[] {2, 2, 2}, new byte[9], false);
        DatasetFormatException overlong = assertThrows(DatasetFormatException.class, () -> IdxReader.readImages(f));
        assertTrue(overlong.getMessage().contains("more bytes"), overlong.getMessage());

        Files.write(f, new byte[] {0, 0, 8});
        DatasetFormatException header = assertThrows(DatasetFormatException.class, () -> IdxReader.readImages(f));
        assertTrue(header.getMessage().contains("header"), header.getMessage());
    }

    @Test
    void corruptGzipIsReported() throws IOException {
        Path f = dir.resolve("labels.gz");
        writeIdx(f, IdxReader.LABELS_MAGIC, new int[] {5000}, new byte[5000], false);
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.readLabels(f));
        assertTrue(e.getMessage().contains("labels.gz"), e.getMessage());
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        writeAllFour();
        writeIdx(dir.resolve(FashionMnist.TEST_LABELS), IdxReader.LABELS_MAGIC, new int[] {2}, new byte[] {1, 2}, false);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("2 labels for 3 images"), e.getMessage());
    }

    @Test
    void labelsBeyondTheTenClassesAreRejected() throws IOException {
        writeAllFour();
        writeIdx(dir.resolve(FashionMnist.TRAIN_LABELS), IdxReader.LABELS_MAGIC, new int[] {3}, new byte[] {1, 10, 2},
                false);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("label 1") && e.getMessage().contains("value 10"), e.getMessage());
    }

    @Test
    void sampledTrainingRowsAreSeededAndKeepTheTestSet() throws IOException {
        writeAllFour();
        DatasetSpec spec = DatasetSpec.parse("fashion-mnist:rows=2");
        TrainTest a = spec.load(dir, 5);
        TrainTest b = spec.load(dir, 5);
        assertEquals(2, a.train().rows());
        assertArrayEquals(a.train().x(), b.train().x());
        assertEquals(3, a.test().rows());
    }

    @Test
    void realFashionMnistWhenInstalled() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(FashionMnist.DEFAULT_DIR.resolve(FashionMnist.TRAIN_IMAGES)),
                "Fashion-MNIST is not installed at " + FashionMnist.DEFAULT_DIR
                        + " (apt-get install dataset-fashion-mnist); skipping the real-data check");
        TrainTest data = DatasetSpec.parse("fashion-mnist").load(null, 1);
        assertEquals(60000, data.train().rows());
        assertEquals(10000, data.test().rows());
        assertEquals(784, data.train().features());
        assertEquals(10, data.train().classes());
        int[] counts = new int[10];
        double max = 0;
        for (double label : data.test().y()) {
            counts[(int) label]++;
        }
        for (double v : data.train().x()) {
            max = Math.max(max, v);
        }
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, counts);
        assertEquals(1.0, max);
    }
}
