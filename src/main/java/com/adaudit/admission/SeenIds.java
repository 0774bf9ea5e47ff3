package com.adaudit.admission;

import com.adaudit.events.IdSerializer;
import com.adaudit.events.Shards;
import com.adaudit.ids.IdTable;
import com.adaudit.ids.IdTableSerializer;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;

/**
 * The ids the current shard has seen, each with the {@code ts} of its first record (its latest
 * past the horizon). Two layouts of the same content, one per kind of state backend: on the heap
 * one {@link IdTable} per shard, which the heap backend copies and snapshots in bulk; in RocksDB
 * one map entry per id, because RocksDB reads and writes a whole value on every access.
 */
interface SeenIds {

    /**
     * Whether {@code id} at {@code ts} is the first of its id within {@code horizon}; if so it is
     * remembered. {@code key} is the current key, a shard key below {@link Shards#COUNT}.
     */
    boolean firstWithin(int key, String id, long ts, long horizon) throws Exception;

    /** Forgets the ids first seen at or before {@code ts}, and on the heap the shard's table when none is left. */
    void forgetSeenAtOrBefore(int key, long ts) throws Exception;

    /** Forgets every id of the shard. */
    void forgetAll(int key);

    /** A snapshot of the state is being taken: called on the task's thread, before the backend's own. */
    default void snapshotting() {}

    static SeenIds of(RuntimeContext ctx, Admission.IdLayout layout) {
        return switch (layout) {
            case HEAP -> new InTable(ctx, true);
            case HEAP_ONE_KEY_AT_A_TIME -> new InTable(ctx, false);
            case ROCKSDB -> new PerEntry(ctx);
        };
    }

    /**
     * One table per shard. The heap backends hand out the object they hold, so it is changed in place.
     *
     * <p>A streaming job's heap backend holds every key's table at once, and looking the current
     * key's up in it was a tenth of admission's CPU (docs/benchmarks.md, sixteenth round), so each
     * table is kept at its key's index in an array as well. A reference stays good until the next
     * snapshot: after one, the backend copies a table on its first access, so that the snapshot
     * reads the table as it was while the task changes the copy; every reference is dropped when
     * a snapshot starts, and the next record of each key looks its table up again. The batch
     * replay's backend holds one key at a time and drops it at the next key: no array there.
     */
    final class InTable implements SeenIds {
        private final ValueState<IdTable> table;
        /** Each key's table since the last snapshot, where looked up; {@code null} without the array. */
        private final IdTable[] byKey;
        /** Holds an id's characters while a table writes them: one array for every table, which stays in the cache. */
        private final char[] scratch = new char[256];

        InTable(RuntimeContext ctx, boolean everyKeyHeld) {
            table = ctx.getState(new ValueStateDescriptor<>("seen-ids", IdTableSerializer.INSTANCE));
            byKey = everyKeyHeld ? new IdTable[Shards.COUNT] : null;
        }

        @Override
        public boolean firstWithin(int key, String id, long ts, long horizon) throws Exception {
            IdTable ids = byKey == null ? null : byKey[key];
            if (ids == null) {
                ids = table.value();
                if (ids == null) {
                    ids = new IdTable();
                    table.update(ids);
                }
                if (byKey != null) {
                    byKey[key] = ids;
                }
            }
            return ids.putUnlessSeenWithin(id, ts, horizon, scratch);
        }

        @Override
        public void forgetSeenAtOrBefore(int key, long ts) throws Exception {
            IdTable ids = table.value();
            if (ids != null) {
                ids.forgetSeenAtOrBefore(ts);
                if (ids.size() == 0) {
                    forgetAll(key);
                } else if (byKey != null) {
                    byKey[key] = ids;
                }
            }
        }

        @Override
        public void forgetAll(int key) {
            table.clear();
            if (byKey != null) {
                byKey[key] = null;
            }
        }

        @Override
        public void snapshotting() {
            if (byKey != null) {
                Arrays.fill(byKey, null);
            }
        }
    }

    /** One map entry per id; for RocksDB only. */
    final class PerEntry implements SeenIds {
        private final MapState<String, Long> firstSeen;

        PerEntry(RuntimeContext ctx) {
            firstSeen = ctx.getMapState(
                    new MapStateDescriptor<>("first-seen", IdSerializer.INSTANCE, LongSerializer.INSTANCE));
        }

        @Override
        public boolean firstWithin(int key, String id, long ts, long horizon) throws Exception {
            Long first = firstSeen.get(id);
            if (first != null && Math.abs(ts - first) <= horizon) {
                return false;
            }
            firstSeen.put(id, ts);
            return true;
        }

        @Override
        public void forgetSeenAtOrBefore(int key, long ts) throws Exception {
            // in RocksDB a map emptied this way leaves no entry behind: no clear(), which would seek again
            for (Iterator<Long> it = firstSeen.values().iterator(); it.hasNext(); ) {
                if (it.next() <= ts) {
                    it.remove();
                }
            }
        }

        @Override
        public void forgetAll(int key) {
            firstSeen.clear();
        }
    }
}
