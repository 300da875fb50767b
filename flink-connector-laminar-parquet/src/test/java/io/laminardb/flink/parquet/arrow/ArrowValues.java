package io.laminardb.flink.parquet.arrow;

import io.laminardb.flink.parquet.corpus.CorpusSupport;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.util.Text;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Rows as plain Java values, read from Arrow vectors by Arrow's own getters (independently of the
 * connector's writers) and from Flink rows by {@link CorpusSupport#rowConverter}, in one form:
 * BigDecimal, String, hex strings for bytes, LocalDate, LocalTime, LocalDateTime (TIMESTAMP),
 * Instant (TIMESTAMP_LTZ), List (ARRAY, ROW), Map (MAP).
 */
public final class ArrowValues {

    private ArrowValues() {}

    /** Every row of an Arrow batch. */
    public static List<List<Object>> rows(VectorSchemaRoot root) {
        List<List<Object>> rows = new ArrayList<>(root.getRowCount());
        for (int i = 0; i < root.getRowCount(); i++) {
            List<Object> row = new ArrayList<>();
            for (FieldVector vector : root.getFieldVectors()) {
                row.add(value(vector, i));
            }
            rows.add(row);
        }
        return rows;
    }

    /** A converter of Flink rows of {@code type}. */
    public static Function<RowData, List<Object>> rowConverter(RowType type) {
        Function<RowData, Object[]> converter = CorpusSupport.rowConverter(type);
        return row -> normalize(Arrays.asList(converter.apply(row)));
    }

    @SuppressWarnings("unchecked")
    static <V> V normalize(V value) {
        if (value instanceof byte[]) {
            return (V) ("0x" + HexFormat.of().formatHex((byte[]) value));
        }
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object v : (List<Object>) value) {
                out.add(normalize(v));
            }
            return (V) out;
        }
        if (value instanceof Map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            ((Map<Object, Object>) value).forEach((k, v) -> out.put(normalize(k), normalize(v)));
            return (V) out;
        }
        return value;
    }

    static Object value(FieldVector vector, int i) {
        if (vector.isNull(i)) {
            return null;
        }
        if (vector instanceof MapVector) {
            MapVector map = (MapVector) vector;
            StructVector entries = (StructVector) map.getDataVector();
            FieldVector keys = entries.getChildrenFromFields().get(0);
            FieldVector values = entries.getChildrenFromFields().get(1);
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int j = map.getElementStartIndex(i); j < map.getElementEndIndex(i); j++) {
                out.put(value(keys, j), value(values, j));
            }
            return out;
        }
        if (vector instanceof ListVector) {
            ListVector list = (ListVector) vector;
            List<Object> out = new ArrayList<>();
            for (int j = list.getElementStartIndex(i); j < list.getElementEndIndex(i); j++) {
                out.add(value(list.getDataVector(), j));
            }
            return out;
        }
        if (vector instanceof StructVector) {
            List<Object> out = new ArrayList<>();
            for (FieldVector child : ((StructVector) vector).getChildrenFromFields()) {
                out.add(value(child, i));
            }
            return out;
        }
        if (vector instanceof DateDayVector) {
            return LocalDate.ofEpochDay(((DateDayVector) vector).get(i));
        }
        if (vector instanceof TimeMilliVector) {
            return ((TimeMilliVector) vector).getObject(i).toLocalTime();
        }
        if (vector instanceof TimeStampVector) {
            ArrowType.Timestamp type = (ArrowType.Timestamp) vector.getField().getType();
            long v = ((TimeStampVector) vector).get(i);
            Instant instant;
            switch (type.getUnit()) {
                case MILLISECOND:
                    instant = Instant.ofEpochMilli(v);
                    break;
                case MICROSECOND:
                    instant =
                            Instant.ofEpochSecond(
                                    Math.floorDiv(v, 1_000_000L),
                                    Math.floorMod(v, 1_000_000L) * 1_000L);
                    break;
                default:
                    instant =
                            Instant.ofEpochSecond(
                                    Math.floorDiv(v, 1_000_000_000L),
                                    Math.floorMod(v, 1_000_000_000L));
            }
            return type.getTimezone() == null
                    ? LocalDateTime.ofInstant(instant, java.time.ZoneOffset.UTC)
                    : instant;
        }
        Object object = vector.getObject(i);
        if (object instanceof Text) {
            return object.toString();
        }
        return normalize(object);
    }
}
