package io.gcoding.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (gzip-compressed or plain): a big-endian header
 * {@code 0x00 0x00 type ndims}, one 32-bit size per dimension, then the unsigned bytes. Only the unsigned-byte type
 * ({@code 0x08}) occurs in these datasets, and it is the only one accepted.
 */
public final class IdxReader {
    /** Magic number of an image file: unsigned bytes, three dimensions (count, rows, cols). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of a label file: unsigned bytes, one dimension (count). */
    public static final int LABELS_MAGIC = 0x00000801;

    /** Images as stored: {@code count} images of {@code height x width} unsigned bytes, row-major. */
    public record Images(int count, int height, int width, byte[] pixels) {
        public int pixelsPerImage() {
            return height * width;
        }
    }

    private IdxReader() {
    }

    public static Images readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int[] dims = header(in, file, IMAGES_MAGIC, 3);
            long total = (long) dims[0] * dims[1] * dims[2];
            if (total > Integer.MAX_VALUE - 16) {
                throw new DatasetFormatException(file, "header", "claims " + total + " pixels, too many to hold");
            }
            byte[] pixels = body(in, file, (int) total);
            return new Images(dims[0], dims[1], dims[2], pixels);
        }
    }

    /** Labels as unsigned values 0..255. */
    public static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int[] dims = header(in, file, LABELS_MAGIC, 1);
            byte[] raw = body(in, file, dims[0]);
            int[] labels = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                labels[i] = raw[i] & 0xFF;
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw);
    }

    private static int[] header(DataInputStream in, Path file, int expectedMagic, int ndims) throws IOException {
        int magic;
        int[] dims = new int[ndims];
        try {
            magic = in.readInt();
            if (magic != expectedMagic) {
                throw new DatasetFormatException(file, "header", String.format(
                        "magic number 0x%08X, expected 0x%08X (%s); is this the right file?", magic, expectedMagic,
                        expectedMagic == IMAGES_MAGIC ? "an IDX image file" : "an IDX label file"));
            }
            for (int i = 0; i < ndims; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 1) {
                    throw new DatasetFormatException(file, "header", "dimension " + i + " is " + dims[i]);
                }
            }
        } catch (EOFException e) {
            throw new DatasetFormatException(file, "header", "file ends inside the header");
        }
        return dims;
    }

    private static byte[] body(DataInputStream in, Path file, int length) throws IOException {
        byte[] data;
        try {
            data = in.readNBytes(length);
        } catch (EOFException | java.util.zip.ZipException e) {
            throw new DatasetFormatException(file, "data", "corrupt or truncated gzip stream (" + e.getMessage()
                    + "); download or reinstall the file");
        }
        if (data.length != length) {
            throw new DatasetFormatException(file, "data", "truncated: the header promises " + length
                    + " bytes, the file has " + data.length);
        }
        if (in.read() != -1) {
            throw new DatasetFormatException(file, "data", "more bytes than the header's " + length
                    + " (corrupt, or the wrong header)");
        }
        return data;
    }
}
