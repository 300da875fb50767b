package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.MapData;

import org.apache.parquet.io.ParquetDecodingException;

import javax.annotation.Nullable;

/**
 * Reads a top-level MAP of a primitive key and value straight from the levels of its two leaf
 * columns, read in step (one entry of each per map entry, or one level of each for a NULL or empty
 * map), without parquet-java's record assembly; see {@link ListFieldReader} for the levels. Each
 * map is an {@link ArrayMapData} of the two arrays. Fetcher thread.
 */
@Internal
final class MapFieldReader extends NestedValueReader {

    private static final MapData EMPTY = new ArrayMapData(ElementBuffer.EMPTY, ElementBuffer.EMPTY);

    private final LeafCursor keys;
    private final LeafCursor values;
    private final ElementBuffer keyBuffer;
    private final ElementBuffer valueBuffer;

    /** The definition level at which a row's map has an entry (the key/value group's). */
    private final int entryLevel;

    private final int keyLevel;
    private final int valueLevel;

    MapFieldReader(
            LeafCursor keys,
            ElementBuffer keyBuffer,
            LeafCursor values,
            ElementBuffer valueBuffer,
            int entryLevel,
            ColumnSink sink) {
        super(sink);
        this.keys = keys;
        this.values = values;
        this.keyBuffer = keyBuffer;
        this.valueBuffer = valueBuffer;
        this.entryLevel = entryLevel;
        this.keyLevel = keys.descriptor().getMaxDefinitionLevel();
        this.valueLevel = values.descriptor().getMaxDefinitionLevel();
    }

    @Override
    @Nullable
    MapData next() {
        int definition = keys.definitionLevel();
        if (definition < entryLevel) {
            keys.consume();
            values.consume();
            inStep();
            return definition < entryLevel - 1 ? null : EMPTY;
        }
        keyBuffer.start();
        valueBuffer.start();
        while (true) {
            if (definition == keyLevel) {
                keys.writeValue();
            } else {
                keyBuffer.addNull();
            }
            if (values.definitionLevel() == valueLevel) {
                values.writeValue();
            } else {
                valueBuffer.addNull();
            }
            keys.consume();
            values.consume();
            inStep();
            if (keys.repetitionLevel() == 0) {
                return new ArrayMapData(keyBuffer.finish(), valueBuffer.finish());
            }
            definition = keys.definitionLevel();
        }
    }

    /** Fails unless the keys and values columns are at the same place of the same map. */
    private void inStep() {
        if (keys.repetitionLevel() != values.repetitionLevel()) {
            throw new ParquetDecodingException(
                    "The keys and values of map column "
                            + keys.descriptor()
                            + " do not line up: their repetition levels differ");
        }
    }

    @Override
    public void skip(long rows) {
        for (long i = 0; i < rows; i++) {
            ListFieldReader.skipRow(keys);
            ListFieldReader.skipRow(values);
            inStep();
        }
    }
}
