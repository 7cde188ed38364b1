package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.ConfigurationException;
import io.gcoding.data.DatasetSpec;
import io.gcoding.data.TrainTest;
import org.junit.jupiter.api.Test;

class WorkerHeapTest {

    @Test
    void autoFollowsTheDataAndAnExplicitSizeWins() throws Exception {
        TrainTest data = DatasetSpec.parse("synthetic:rows=12000,test=600,features=2000,task=logistic").load(null, 1);
        // (12000 + 600) x 2001 doubles, three times, plus 256 MB
        assertEquals((3L * 8 * 12600 * 2001 >> 20) + 256 + "m", WorkerHeap.parse("auto").forData(data));
        assertEquals("4096m", WorkerHeap.parse("4g").forData(data));
        assertEquals("768m", WorkerHeap.parse("768m").forData(data));
        assertEquals("256m", WorkerHeap.parse(null).forData(
                DatasetSpec.parse("synthetic:rows=100,test=10,features=4").load(null, 1)), "at least 256 MB");
    }

    @Test
    void badSizesAreRefusedWithTheFix() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> WorkerHeap.parse("lots"));
        assertTrue(e.getMessage().contains("give e.g. 768m, 4g or auto"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> WorkerHeap.parse("12m"));
        assertThrows(ConfigurationException.class, () -> WorkerHeap.parse("2t"));
    }
}
