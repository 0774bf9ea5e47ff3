package com.adaudit.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class StringReaderTest {

    private static DataInputDeserializer written(String... values) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (String v : values) {
            EventSerializer.writeString(v, out);
        }
        return new DataInputDeserializer(out.getCopyOfBuffer());
    }

    @Test
    void readsWhatWasWrittenNullsLongAndNonAsciiStringsIncluded() throws IOException {
        String large = "x".repeat(100_000); // past the kept buffer
        String agent = "Mozilla/5.0 ".repeat(60); // past the longest shared value
        DataInputDeserializer in = written("c-1", null, "k-\u00e9\u4e2d\ud83d\ude00", large, "", agent, "c-1");
        StringReader reader = StringReader.current();
        assertEquals("c-1", reader.readShared(in));
        assertNull(reader.readShared(in));
        assertEquals("k-\u00e9\u4e2d\ud83d\ude00", reader.readShared(in));
        assertEquals(large, reader.read(in));
        assertEquals("", reader.readShared(in));
        assertEquals(agent, reader.readShared(in));
        assertEquals("c-1", reader.read(in));
    }

    @Test
    void givesOneStringPerValueOfASharedField() throws IOException {
        DataInputDeserializer in = written("src-7", "src-8", "src-7", "src-7");
        StringReader reader = StringReader.current();
        String first = reader.readShared(in);
        String other = reader.readShared(in);
        assertSame(first, reader.readShared(in));
        assertSame(first, reader.readShared(in));
        assertEquals("src-8", other);
        DataInputDeserializer plain = written("src-7");
        assertNotSame(first, reader.read(plain), "an unshared read is a string of its own");
    }

    /** Fuzzed input can bring any number of values: the table starts again, and every value still reads back. */
    @Test
    void manyDistinctValuesStillReadBackExactly() throws IOException {
        StringReader reader = StringReader.current();
        for (int round = 0; round < 3; round++) {
            String[] values = new String[10_000];
            for (int i = 0; i < values.length; i++) {
                values[i] = "campaign-" + round + "-" + i;
            }
            DataInputDeserializer in = written(values);
            for (String v : values) {
                assertEquals(v, reader.readShared(in));
            }
        }
        DataInputDeserializer again = written("campaign-new", "campaign-new");
        assertSame(reader.readShared(again), reader.readShared(again));
    }
}
