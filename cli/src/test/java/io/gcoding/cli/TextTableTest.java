package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void alignsColumnsAndRendersAnAllEmptyColumn() {
        String t = new TextTable("name", "n", "").leftAligned(2).row("ab", 7, "").row("c", 12, "").toString();
        assertEquals("name   n  \n----  --  \nab     7  \nc     12  \n", t);
    }
}
