package com.adaudit;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.claims.Claim;
import com.adaudit.claims.ImpressionEvidence;
import com.adaudit.claims.SpendEvidence;
import com.adaudit.contracts.Contract;
import com.adaudit.events.Click;
import com.adaudit.events.DeadLetter;
import com.adaudit.events.Decoded;
import com.adaudit.events.DecodedSerializer;
import com.adaudit.events.EventSerializer;
import com.adaudit.events.EventStream;
import com.adaudit.events.Governance;
import com.adaudit.events.IdSerializer;
import com.adaudit.events.Impression;
import com.adaudit.events.InputEvent;
import com.adaudit.events.LateEvent;
import com.adaudit.events.Origin;
import com.adaudit.events.PageView;
import com.adaudit.events.RawRecord;
import com.adaudit.events.VendorReport;
import com.adaudit.ids.IdTable;
import com.adaudit.ids.IdTableSerializer;
import com.adaudit.replay.ReplayOutput;
import com.adaudit.rules.BounceFigures;
import com.adaudit.rules.CampaignWindowKey;
import com.adaudit.rules.Flag;
import com.adaudit.rules.IvtFigures;
import com.adaudit.rules.PeriodRevision;
import com.adaudit.rules.PriceFigures;
import com.adaudit.rules.ReportFigures;
import com.adaudit.rules.RuleTerms;
import com.adaudit.rules.RunBook;
import com.adaudit.rules.RunKey;
import com.adaudit.rules.RunWindow;
import com.adaudit.rules.SourceKey;
import com.adaudit.rules.WindowKey;
import com.adaudit.rules.WindowPartial;
import com.adaudit.rules.WindowVerdict;
import com.adaudit.rules.bounce.BounceTally;
import com.adaudit.rules.bounce.BounceTallyAggregate;
import com.adaudit.rules.bounce.SessionOutcome;
import com.adaudit.rules.bounce.SessionTracker;
import com.adaudit.rules.gap.GapInput;
import com.adaudit.rules.gap.ImpressionTally;
import com.adaudit.rules.ivt.ClassifiedClick;
import com.adaudit.rules.ivt.DuplicateKey;
import com.adaudit.rules.ivt.IvtTally;
import com.adaudit.rules.ivt.IvtTallyAggregate;
import com.adaudit.rules.underpriced.ClickTally;
import com.adaudit.rules.underpriced.ClickTallyAggregate;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every type that crosses operators or sits in state is a Flink POJO: no Kryo fallback. */
class SerializationTest {

    /** What travels between operators or sits in state as it came. */
    static Stream<Class<?>> travellingTypes() {
        return Stream.of(
                VendorReport.class,
                Governance.class,
                DeadLetter.class,
                LateEvent.class,
                RawRecord.class,
                Contract.class,
                SourceKey.class,
                RunKey.class,
                WindowKey.class,
                CampaignWindowKey.class,
                ClickTally.class,
                DuplicateKey.class,
                ClassifiedClick.class,
                IvtTally.class,
                IvtFigures.class,
                SessionOutcome.class,
                SessionTracker.OpenSession.class,
                SessionTracker.WaitingPageviews.class,
                BounceTally.class,
                ImpressionTally.class,
                GapInput.class,
                WindowVerdict.class,
                Flag.class,
                PeriodRevision.class,
                RunWindow.class,
                RunBook.class,
                RunBook.WaitingVerdict.class,
                Claim.class,
                SpendEvidence.class,
                ImpressionEvidence.class,
                RuleTerms.class,
                PriceFigures.class,
                BounceFigures.class,
                ReportFigures.class,
                ReplayOutput.class);
    }

    /**
     * Window accumulators: mutable; they leave the operator that folds them only inside a
     * {@link WindowPartial}, which that operator forgets as it sends it.
     */
    static Stream<Class<?>> accumulators() {
        return Stream.of(ClickTallyAggregate.Sums.class, BounceTallyAggregate.Sums.class, IvtTallyAggregate.Sums.class);
    }

    /** The partial sums of each tally stage, typed as AuditPipeline types them. */
    static Stream<TypeInformation<?>> partials() {
        return Stream.of(
                new TypeHint<WindowPartial<Long>>() {}.getTypeInfo(),
                new TypeHint<WindowPartial<ClickTallyAggregate.Sums>>() {}.getTypeInfo(),
                new TypeHint<WindowPartial<BounceTallyAggregate.Sums>>() {}.getTypeInfo(),
                new TypeHint<WindowPartial<IvtTallyAggregate.Sums>>() {}.getTypeInfo());
    }

    /** Generic records, checked as the pipeline types them: partial sums. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("partials")
    void genericRecordsArePojosWithoutKryo(TypeInformation<?> type) {
        assertInstanceOf(PojoTypeInfo.class, type);
        SerializerConfigImpl noGenericTypes = new SerializerConfigImpl();
        noGenericTypes.setGenericTypes(false);
        assertDoesNotThrow(() -> type.createSerializer(noGenericTypes));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"travellingTypes", "accumulators"})
    void isAPojoWithoutKryo(Class<?> type) {
        assertSerializedAsPojoWithoutKryo(type);
    }

    /** The records every event crosses the job as (and where it came from): hand-written serializers (EventSerializer). */
    static Stream<Object> hotRecords() {
        Governance governance = new Governance("K-1", 3, 1_000, 2_000, 1_999, 3_000, 0b1011);
        return Stream.of(
                new Impression("i-1", 1_500, "c-42", "s-1", governance),
                new Impression("i-2", 1_500, "c-42", "s-1", null),
                new Click(
                        "k-1",
                        1_500,
                        "c-42",
                        "s-1",
                        250_000,
                        "CNY",
                        "203.0.113.7",
                        "Mozilla/5.0 (X11) ü \uD83D\uDE00",
                        governance),
                new Click("k-2", 1_500, "c-42", "s-1", 0, "CNY", null, null, null),
                new PageView("p-1", 1_600, "k-1", "c-42", "s-1", governance),
                new PageView("p-2", 1_600, "k-1", "c-42", "s-1", null),
                Origin.ofFile("/data/clicks.jsonl.gz", 12),
                Origin.ofFile("clicks.jsonl", Long.MAX_VALUE),
                Origin.ofKafka("clicks", 3, 1_234_567),
                Origin.ofKafka("clicks", Integer.MAX_VALUE, 0),
                // members that a file's or a partition's origin leaves unset, set
                new Origin("clicks.jsonl", -1, "clicks", 3, 7),
                new Origin(null, 4, null, -1, -1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hotRecords")
    <T> void hotRecordsRoundTripThroughTheirOwnSerializer(T record) throws Exception {
        @SuppressWarnings("unchecked")
        TypeInformation<T> type = TypeInformation.of((Class<T>) record.getClass());
        TypeSerializer<T> serializer = type.createSerializer(new SerializerConfigImpl());
        assertInstanceOf(EventSerializer.class, serializer);
        assertRoundTrips(record, serializer);
        assertCopiesItsBytes(record, serializer);
    }

    @ParameterizedTest(name = "id ''{0}''")
    @ValueSource(strings = {"k-1", "", "ü \uD83D\uDE00 \u0000 id"})
    void idsInStateRoundTripAsUtf8(String id) throws Exception {
        assertRoundTrips(id, IdSerializer.INSTANCE);
        assertCopiesItsBytes(id, IdSerializer.INSTANCE);
    }

    @org.junit.jupiter.api.Test
    void idTablesInStateRoundTrip() throws Exception {
        IdTable ids = new IdTable();
        assertRoundTrips(ids, IdTableSerializer.INSTANCE);
        for (int i = 0; i < 1_000; i++) {
            ids.put("k-" + i, 1_000L + i, new char[16]);
        }
        ids.put("ü \uD83D\uDE00", -5, new char[16]);
        ids.put("\u00e9t\u00e9", 7, new char[16]); // Latin-1, not ASCII
        assertRoundTrips(ids, IdTableSerializer.INSTANCE);
    }

    /** A snapshot writes an ASCII id from the table's bytes: the same bytes as through its String, the savepoint format. */
    @ParameterizedTest(name = "id ''{0}''")
    @ValueSource(strings = {"k-1", "", "\u00e9t\u00e9", "ü \uD83D\uDE00 \u0000 id", "\u007f"})
    void anIdTableWritesEachIdAsIdSerializerDoes(String id) throws Exception {
        IdTable ids = new IdTable();
        ids.put(id, 42, new char[16]);
        DataOutputSerializer table = new DataOutputSerializer(64);
        IdTableSerializer.INSTANCE.serialize(ids, table);
        DataOutputSerializer expected = new DataOutputSerializer(64);
        expected.writeInt(1);
        IdSerializer.INSTANCE.serialize(id, expected);
        expected.writeLong(42);
        assertArrayEquals(expected.getCopyOfBuffer(), table.getCopyOfBuffer());
    }

    private <T> void assertRoundTrips(T record, TypeSerializer<T> serializer) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(record, out);
        serializer.serialize(record, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertEquals(record, serializer.deserialize(in));
        DataOutputSerializer copied = new DataOutputSerializer(64);
        serializer.copy(in, copied);
        assertEquals(record, serializer.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer())));

        TypeSerializerSnapshot<T> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer written = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(written, snapshot);
        TypeSerializerSnapshot<T> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(written.getCopyOfBuffer()), getClass().getClassLoader());
        assertTrue(serializer
                .snapshotConfiguration()
                .resolveSchemaCompatibility(read)
                .isCompatibleAsIs());
    }

    /** A serialized record copied as bytes (what the batch sort does when it spills) is the same bytes, all read. */
    private static <T> void assertCopiesItsBytes(T record, TypeSerializer<T> serializer) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(8);
        serializer.serialize(record, out);
        byte[] bytes = out.getCopyOfBuffer();
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        DataOutputSerializer copied = new DataOutputSerializer(8);
        serializer.copy(in, copied);
        assertEquals(0, in.available(), "the copy read the whole record and no more");
        assertArrayEquals(bytes, copied.getCopyOfBuffer());
    }

    /** Every record read, accepted or rejected, as its stream's decoded type. */
    static Stream<Object[]> decodedRecords() {
        Origin origin = Origin.ofKafka("clicks", 3, 1_234_567);
        DeadLetter rejected = new DeadLetter("clicks", "invalid_json: unexpected end", "{\"event_id\": ü", origin);
        return Stream.of(
                new Object[] {
                    EventStream.IMPRESSIONS, Decoded.accepted(new Impression("i-1", 1_500, "c-42", "s-1", null), origin)
                },
                new Object[] {
                    EventStream.CLICKS,
                    Decoded.accepted(new Click("k-2", 1_500, "c-42", "s-1", 0, "CNY", null, null, null), origin)
                },
                new Object[] {
                    EventStream.PAGEVIEWS,
                    Decoded.accepted(
                            new PageView("p-1", 1_600, "k-1", "c-42", "s-1", null), Origin.ofFile("/data/p.jsonl", 7))
                },
                new Object[] {
                    EventStream.VENDOR_REPORTS,
                    Decoded.accepted(
                            new VendorReport(
                                    "r-1", 3_600_000, "c-42", "s-1", 0, 3_600_000, 10, 5_000, "CNY", null, null),
                            origin)
                },
                new Object[] {EventStream.CLICKS, Decoded.rejected(rejected)},
                new Object[] {
                    EventStream.CLICKS, Decoded.rejected(new DeadLetter("clicks", "empty_id: event_id", "", null))
                });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("decodedRecords")
    <E extends InputEvent> void decodedRecordsRoundTripThroughTheirOwnSerializer(
            EventStream<E> stream, Decoded<E> record) throws Exception {
        TypeSerializer<Decoded<E>> serializer = stream.decodedType().createSerializer(new SerializerConfigImpl());
        assertInstanceOf(DecodedSerializer.class, serializer);
        assertRoundTrips(record, serializer);
        assertCopiesItsBytes(record, serializer);
    }

    /** Object reuse between chained operators (AuditPipeline.recordHandling) is safe only for immutable records. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("travellingTypes")
    void travelsAsAnImmutableRecord(Class<?> type) {
        assertTrue(type.isRecord(), type + " is not a Java record");
    }
}
