package com.adaudit.admission;

import com.adaudit.events.IdSerializer;
import com.adaudit.ids.IdTable;
import com.adaudit.ids.IdTableSerializer;
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

    /** Whether {@code id} at {@code ts} is the first of its id within {@code horizon}; if so it is remembered. */
    boolean firstWithin(String id, long ts, long horizon) throws Exception;

    /** Forgets the ids first seen at or before {@code ts}, and on the heap the shard's table when none is left. */
    void forgetSeenAtOrBefore(long ts) throws Exception;

    /** Forgets every id of the shard. */
    void forgetAll();

    static SeenIds of(RuntimeContext ctx, boolean onHeap) {
        return onHeap ? new InTable(ctx) : new PerEntry(ctx);
    }

    /** One table per shard. The heap backends hand out the object they hold, so it is changed in place. */
    final class InTable implements SeenIds {
        private final ValueState<IdTable> table;
        /** Holds an id's characters while a table writes them: one array for every table, which stays in the cache. */
        private final char[] scratch = new char[256];

        InTable(RuntimeContext ctx) {
            table = ctx.getState(new ValueStateDescriptor<>("seen-ids", IdTableSerializer.INSTANCE));
        }

        @Override
        public boolean firstWithin(String id, long ts, long horizon) throws Exception {
            IdTable ids = table.value();
            if (ids == null) {
                ids = new IdTable();
                table.update(ids);
            }
            return ids.putUnlessSeenWithin(id, ts, horizon, scratch);
        }

        @Override
        public void forgetSeenAtOrBefore(long ts) throws Exception {
            IdTable ids = table.value();
            if (ids != null) {
                ids.forgetSeenAtOrBefore(ts);
                if (ids.size() == 0) {
                    table.clear();
                }
            }
        }

        @Override
        public void forgetAll() {
            table.clear();
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
        public boolean firstWithin(String id, long ts, long horizon) throws Exception {
            Long first = firstSeen.get(id);
            if (first != null && Math.abs(ts - first) <= horizon) {
                return false;
            }
            firstSeen.put(id, ts);
            return true;
        }

        @Override
        public void forgetSeenAtOrBefore(long ts) throws Exception {
            // in RocksDB a map emptied this way leaves no entry behind: no clear(), which would seek again
            for (Iterator<Long> it = firstSeen.values().iterator(); it.hasNext(); ) {
                if (it.next() <= ts) {
                    it.remove();
                }
            }
        }

        @Override
        public void forgetAll() {
            firstSeen.clear();
        }
    }
}
