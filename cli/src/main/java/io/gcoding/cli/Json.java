package io.gcoding.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JSON output for machines: one shared, pretty-printing mapper. Non-finite doubles (NaN: "not measured",
 * infinity: "never") are written as {@code null}: JSON has no such numbers, and a quoted "NaN" breaks readers.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule("finite-doubles")
                    .addSerializer(Double.class, new FiniteDouble())
                    .addSerializer(double[].class, new FiniteDoubleArray()));

    private Json() {
    }

    /** Writes {@code value} to {@code path}, creating parent folders. */
    /**
     * Checks before any work that {@code path} can be written, so that a long run does not end by losing its results:
     * its folder exists and is writable, and it is not a folder itself.
     *
     * @throws io.gcoding.coding.ConfigurationException naming the option, the path and the fix
     */
    static void requireWritable(String option, Path path) {
        if (path == null) {
            return;
        }
        Path absolute = path.toAbsolutePath();
        Path dir = absolute.getParent();
        String problem = java.nio.file.Files.isDirectory(absolute) ? "is a directory"
                : dir == null || !java.nio.file.Files.isDirectory(dir) ? "is in a directory that does not exist"
                : !java.nio.file.Files.isWritable(dir) ? "is in a directory this user cannot write"
                : java.nio.file.Files.exists(absolute) && !java.nio.file.Files.isWritable(absolute) ? "is not writable"
                : null;
        if (problem != null) {
            throw new io.gcoding.coding.ConfigurationException(option + " " + path + " " + problem
                    + ": give a file in a writable directory");
        }
    }

    public static void write(Path path, Object value) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        MAPPER.writeValue(path.toFile(), value);
    }

    private static final class FiniteDouble extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            if (Double.isFinite(value)) {
                gen.writeNumber(value);
            } else {
                gen.writeNull();
            }
        }
    }

    private static final class FiniteDoubleArray extends JsonSerializer<double[]> {
        @Override
        public void serialize(double[] values, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeStartArray();
            for (double v : values) {
                if (Double.isFinite(v)) {
                    gen.writeNumber(v);
                } else {
                    gen.writeNull();
                }
            }
            gen.writeEndArray();
        }
    }
}
