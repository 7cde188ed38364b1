package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void nonFiniteDoublesBecomeNullSoEveryJsonReaderAcceptsTheOutput() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nan", Double.NaN);
        m.put("inf", Double.POSITIVE_INFINITY);
        m.put("x", 1.5);
        m.put("latencies", new double[] {2.0, Double.NaN, Double.NEGATIVE_INFINITY});
        String text = Json.MAPPER.writeValueAsString(m).replaceAll("\\s", "");
        assertEquals("{\"nan\":null,\"inf\":null,\"x\":1.5,\"latencies\":[2.0,null,null]}", text);
    }
}
