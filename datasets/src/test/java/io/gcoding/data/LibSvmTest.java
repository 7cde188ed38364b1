package io.gcoding.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibSvmTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private String spec(Path train, Path test, String extra) {
        return "libsvm:" + train + (test == null ? "" : "," + test) + extra;
    }

    @Test
    void binaryPlusMinusOneBecomesZeroOneAndSparseBecomesDense() throws IOException {
        Path train = write("train.txt", "# comment line\n+1 1:0.5 3:2\n\n-1 2:1 # trailing comment\n+1 4:-1\n");
        Path test = write("test.txt", "-1 5:3\n");
        DatasetSpec s = DatasetSpec.parse(spec(train, test, ""));
        TrainTest data = s.load(null, 1);
        Dataset d = data.train();
        assertEquals(3, d.rows());
        assertEquals(5, d.features()); // the largest index in either file
        assertEquals(1, d.classes());
        assertArrayEquals(new double[] {1, 0, 1}, d.y());
        assertArrayEquals(new double[] {0.5, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, -1, 0}, d.x());
        assertArrayEquals(new double[] {0, 0, 0, 0, 3}, data.test().x());
        assertEquals(ModelSpec.logistic(5), s.suggestedModel(data));
    }

    @Test
    void integerLabelsBecomeClassIndicesSharedByTrainAndTest() throws IOException {
        Path train = write("train.txt", "3 1:1\n7 1:2\n3 2:1\n");
        Path test = write("test.txt", "5 1:1\n7 2:2\n");
        TrainTest data = DatasetSpec.parse(spec(train, test, "")).load(null, 1);
        assertEquals(3, data.train().classes()); // 3, 5, 7 -> 0, 1, 2
        assertArrayEquals(new double[] {0, 2, 0}, data.train().y());
        assertArrayEquals(new double[] {1, 2}, data.test().y());
        assertEquals(ModelSpec.softmax(2, 3), DatasetSpec.parse(spec(train, test, "")).suggestedModel(data));
    }

    @Test
    void realLabelsAreRegressionAndTaskCanBeForced() throws IOException {
        Path train = write("train.txt", "0.5 1:1\n2.25 1:2\n-1 1:3\n");
        TrainTest auto = DatasetSpec.parse(spec(train, train, "")).load(null, 1);
        assertEquals(1, auto.train().classes());
        assertArrayEquals(new double[] {0.5, 2.25, -1}, auto.train().y());
        assertEquals(ModelSpec.linear(1), DatasetSpec.parse(spec(train, train, "")).suggestedModel(auto));

        Path ints = write("ints.txt", "1 1:1\n2 1:2\n1 1:3\n");
        DatasetSpec forced = DatasetSpec.parse(spec(ints, null, ",task=linear"));
        TrainTest regression = forced.load(null, 1);
        assertEquals(1, regression.train().classes());
        assertEquals(ModelSpec.linear(1), forced.suggestedModel(regression));
        TrainTest binary = DatasetSpec.parse(spec(ints, ints, ",task=logistic")).load(null, 1);
        assertArrayEquals(new double[] {0, 1, 0}, binary.train().y()); // smaller label -> 0
    }

    @Test
    void withoutTestFileASeededTenPercentIsHeldOut() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            text.append(i % 2 == 0 ? "+1" : "-1").append(" 1:").append(i).append('\n');
        }
        Path train = write("train.txt", text.toString());
        DatasetSpec s = DatasetSpec.parse(spec(train, null, ""));
        TrainTest a = s.load(null, 42);
        TrainTest b = s.load(null, 42);
        TrainTest c = s.load(null, 43);
        assertEquals(45, a.train().rows());
        assertEquals(5, a.test().rows());
        assertArrayEquals(a.test().x(), b.test().x());
        assertTrue(!java.util.Arrays.equals(a.test().x(), c.test().x()), "another seed holds out other rows");
        // train and holdout partition the file's rows
        java.util.Set<Double> seen = new java.util.HashSet<>();
        for (double v : a.train().x()) {
            seen.add(v);
        }
        for (double v : a.test().x()) {
            assertTrue(seen.add(v), "row " + v + " is in both train and holdout");
        }
        assertEquals(50, seen.size());
    }

    @Test
    void malformedLinesAreReportedWithFileAndLine() throws IOException {
        assertLineError("1 1:0.5\n1 0:1\n", "line 2", "below 1 (LIBSVM indices are 1-based)");
        assertLineError("1 1:0.5\n\n1 3:1 2:1\n", "line 3", "strictly increasing");
        assertLineError("1 1:0.5 2\n", "line 1", "'2' is not index:value");
        assertLineError("one 1:0.5\n", "line 1", "label 'one' is not a number");
        assertLineError("1 1:abc\n", "line 1", "value of feature 1 'abc' is not a number");
        assertLineError("1 x:1\n", "line 1", "feature index 'x' is not an integer");
        assertLineError("1 qid:3 1:1\n", "line 1", "qid");
        assertLineError("1 1:NaN\n", "line 1", "is NaN");
        assertLineError("# only a comment\n", "", "no examples");
    }

    private void assertLineError(String content, String where, String problem) throws IOException {
        Path f = write("bad.txt", content);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> DatasetSpec.parse("libsvm:" + f + "," + f).load(null, 1));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(where), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void specErrors() throws IOException {
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> DatasetSpec.parse("libsvm:" + dir.resolve("absent.txt")).load(null, 1));
        IllegalArgumentException noPath = assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse("libsvm:"));
        assertTrue(noPath.getMessage().contains("libsvm:TRAIN"), noPath.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse("libsvm:a,b,c"));
        IllegalArgumentException task = assertThrows(IllegalArgumentException.class,
                () -> DatasetSpec.parse("libsvm:a,task=svm"));
        assertTrue(task.getMessage().contains("use linear, logistic or softmax"), task.getMessage());
        Path three = write("three.txt", "1 1:1\n2 1:1\n3 1:1\n");
        DatasetFormatException binary = assertThrows(DatasetFormatException.class,
                () -> DatasetSpec.parse(spec(three, three, ",task=logistic")).load(null, 1));
        assertTrue(binary.getMessage().contains("task=softmax"), binary.getMessage());
    }

    @Test
    void canonicalTextRoundTrips() {
        DatasetSpec s = DatasetSpec.parse("libsvm:/data/a.txt,/data/b.txt,task=softmax");
        assertEquals("libsvm:/data/a.txt,/data/b.txt,task=softmax", s.text());
        assertEquals(s, DatasetSpec.parse(s.text()));
    }
}
