package io.gcoding.coding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyValueSpecTest {

    private static final String EXAMPLE = "demo:rows=10,rate=0.5";

    private static void assertError(String expected, Runnable parse) {
        ConfigurationException e = assertThrows(ConfigurationException.class, parse::run);
        assertTrue(e.getMessage().startsWith("demo: ") && e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void readsTypedValuesWithDefaults() {
        KeyValueSpec s = KeyValueSpec.parse("demo", " Rows = 12 , rate=0.25,,range=2-5,name=x ", EXAMPLE);
        assertEquals(12, s.integer("rows", 1, 1));
        assertEquals(0.25, s.number("rate", 1.0, 0.0, 1.0, true));
        assertEquals(7.0, s.positive("absent", 7.0));
        assertArrayEquals(new double[] {2, 5}, s.range("range", 1, 1));
        assertArrayEquals(new double[] {3, 10}, s.range("absent", 3, 10));
        assertEquals("x", s.string("name", null));
        assertEquals("fallback", s.string("absent", "fallback"));
        assertEquals(s, s.requireOnly("rows", "rate", "range", "name"));
        assertEquals(0, KeyValueSpec.parse("demo", null, EXAMPLE).all("rows").size());
    }

    @Test
    void everyMistakeNamesTheSpecTheKeyAndTheFix() {
        assertError("'rows' is not key=value; write e.g. " + EXAMPLE,
                () -> KeyValueSpec.parse("demo", "rows", EXAMPLE));
        assertError("unknown parameter 'row' (valid: rows, rate)",
                () -> KeyValueSpec.parse("demo", "row=3", EXAMPLE).requireOnly("rows", "rate"));
        assertError("'rows' is given twice",
                () -> KeyValueSpec.parse("demo", "rows=1,rows=2", EXAMPLE).integer("rows", 0, 0));
        assertError("rows=many is not an integer",
                () -> KeyValueSpec.parse("demo", "rows=many", EXAMPLE).integer("rows", 0, 0));
        assertError("rows must be >= 1, got 0",
                () -> KeyValueSpec.parse("demo", "rows=0", EXAMPLE).integer("rows", 5, 1));
        assertError("rate=fast is not a number",
                () -> KeyValueSpec.parse("demo", "rate=fast", EXAMPLE).number("rate", 0));
        assertError("rate must be in [0, 1), got 1",
                () -> KeyValueSpec.parse("demo", "rate=1", EXAMPLE).number("rate", 0, 0, 1, false));
        assertError("rate must be in [0, 1], got NaN",
                () -> KeyValueSpec.parse("demo", "rate=NaN", EXAMPLE).number("rate", 0, 0, 1, true));
        assertError("rate must be > 0", () -> KeyValueSpec.parse("demo", "rate=0", EXAMPLE).positive("rate", 1));
        assertError("is not a range LO-HI", () -> KeyValueSpec.parse("demo", "r=1-2-3", EXAMPLE).range("r", 0, 0));
    }

    @Test
    void otherSeparatorsAndRepeatedKeys() {
        KeyValueSpec s = KeyValueSpec.parse("demo", "slow=2:3,5:6;fail=7@3\nslow=1:2;", "[;\\n]", EXAMPLE);
        assertEquals(List.of("2:3,5:6", "1:2"), s.all("slow"));
        assertEquals("7@3", s.string("fail", null));
    }

    @Test
    void namedSpecsSplitAtTheFirstColon() {
        assertEquals(new KeyValueSpec.Named("adam", "lr=0.1"), KeyValueSpec.Named.of(" adam:lr=0.1"));
        assertEquals(new KeyValueSpec.Named("trace", "a:b"), KeyValueSpec.Named.of("trace:a:b"));
        assertEquals(new KeyValueSpec.Named("sgd", ""), KeyValueSpec.Named.of("sgd"));
        assertEquals("3", KeyValueSpec.format(3.0));
        assertEquals("0.25", KeyValueSpec.format(0.25));
    }
}
