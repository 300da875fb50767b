package io.laminardb.flink.parquet.arrow;

import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Arrow IPC round trips, copies and the snapshot of {@link ArrowBatchSerializer}. */
class ArrowBatchSerializerTest {

    private static final RowType TYPE =
            (RowType)
                    DataTypes.ROW(
                                    DataTypes.FIELD("id", DataTypes.BIGINT()),
                                    DataTypes.FIELD("name", DataTypes.STRING()),
                                    DataTypes.FIELD("price", DataTypes.DECIMAL(20, 3)),
                                    DataTypes.FIELD("tags", DataTypes.ARRAY(DataTypes.INT())))
                            .getLogicalType();

    /** A batch of three rows written with the connector's own writer. */
    private static ArrowBatch batch(BufferAllocator allocator) {
        Schema schema = ArrowTypes.schema(TYPE);
        List<FieldVector> vectors = new ArrayList<>();
        Object[][] rows = {
            {
                1L,
                StringData.fromString("a"),
                DecimalData.fromBigDecimal(new BigDecimal("12.345"), 20, 3),
                new GenericArrayData(new Integer[] {1, null, 3})
            },
            {null, null, null, null},
            {
                -7L,
                StringData.fromString("ü"),
                DecimalData.fromBigDecimal(new BigDecimal("-99999999999999999.999"), 20, 3),
                new GenericArrayData(new Integer[] {})
            }
        };
        for (int c = 0; c < TYPE.getFieldCount(); c++) {
            FieldVector vector = schema.getFields().get(c).createVector(allocator);
            vector.allocateNew();
            LogicalType type = TYPE.getTypeAt(c);
            for (int r = 0; r < rows.length; r++) {
                FlinkToArrow.write(vector, r, rows[r][c], type, TYPE.getFieldNames().get(c));
            }
            vector.setValueCount(rows.length);
            vectors.add(vector);
        }
        return new ArrowBatch(new VectorSchemaRoot(schema.getFields(), vectors, rows.length));
    }

    private static final List<List<Object>> EXPECTED =
            List.of(
                    Arrays.asList(1L, "a", new BigDecimal("12.345"), Arrays.asList(1, null, 3)),
                    Arrays.asList(null, null, null, null),
                    Arrays.asList(-7L, "ü", new BigDecimal("-99999999999999999.999"), List.of()));

    @Test
    void serializedBatchesReadBackEqual() throws Exception {
        ArrowBatchSerializer serializer = new ArrowBatchSerializer();
        DataOutputSerializer out = new DataOutputSerializer(64);
        try (BufferAllocator allocator = new RootAllocator();
                ArrowBatch batch = batch(allocator)) {
            assertThat(ArrowValues.rows(batch.root())).isEqualTo(EXPECTED);
            serializer.serialize(batch, out);
            serializer.serialize(batch, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        DataOutputSerializer copied = new DataOutputSerializer(64);
        serializer.copy(in, copied); // the first record, copied as bytes
        for (ArrowBatch read :
                List.of(
                        serializer.deserialize(in),
                        serializer.deserialize(
                                new DataInputDeserializer(copied.getCopyOfBuffer())))) {
            try (read) {
                assertThat(read.schema()).isEqualTo(ArrowTypes.schema(TYPE));
                assertThat(ArrowValues.rows(read.root())).isEqualTo(EXPECTED);
            }
        }
        assertThat(in.available()).isZero();
        assertThat(ArrowBatchSerializer.allocator().getAllocatedMemory()).isZero();
    }

    @Test
    void aCopyOutlivesItsOriginal() {
        ArrowBatchSerializer serializer = new ArrowBatchSerializer();
        ArrowBatch copy;
        try (BufferAllocator allocator = new RootAllocator();
                ArrowBatch batch = batch(allocator)) {
            copy = serializer.copy(batch);
        }
        try (copy) {
            assertThat(ArrowValues.rows(copy.root())).isEqualTo(EXPECTED);
        }
        assertThat(ArrowBatchSerializer.allocator().getAllocatedMemory()).isZero();
    }

    @Test
    void theSnapshotRestoresACompatibleSerializer() throws Exception {
        TypeSerializerSnapshot<ArrowBatch> snapshot =
                new ArrowBatchSerializer().snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<ArrowBatch> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isEqualTo(new ArrowBatchSerializer());
        TypeSerializerSchemaCompatibility<ArrowBatch> compatibility =
                new ArrowBatchSerializer().snapshotConfiguration().resolveSchemaCompatibility(read);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }
}
