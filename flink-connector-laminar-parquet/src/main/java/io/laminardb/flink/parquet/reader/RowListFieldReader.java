package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.ArrayData;

import javax.annotation.Nullable;

/**
 * Reads a top-level ARRAY of ROWs whose fields are all primitive and not repeated (a LIST of 3 or 2
 * levels whose element is such a group) straight from the fields' leaf columns, read in step
 * ({@link RowFields}), without parquet-java's record assembly. The levels are {@link
 * ListFieldReader}'s, with one more: a definition level below the element group's own is a NULL
 * element. Elements collect in an {@link ElementBuffer}. Fetcher thread.
 */
@Internal
final class RowListFieldReader extends NestedValueReader {

    private final RowFields fields;
    private final ElementBuffer elements;

    /** The definition level at which a row's array has an element (the repeated node's). */
    private final int entryLevel;

    /** The definition level at which an element is a row, not NULL (the element group's). */
    private final int elementLevel;

    RowListFieldReader(
            RowFields fields,
            ElementBuffer elements,
            int entryLevel,
            int elementLevel,
            ColumnSink sink) {
        super(sink);
        this.fields = fields;
        this.elements = elements;
        this.entryLevel = entryLevel;
        this.elementLevel = elementLevel;
    }

    @Override
    @Nullable
    ArrayData next() {
        LeafCursor levels = fields.first();
        int definition = levels.definitionLevel();
        if (definition < entryLevel) {
            fields.consume();
            return definition < entryLevel - 1 ? null : ElementBuffer.EMPTY;
        }
        elements.start();
        while (true) {
            if (definition < elementLevel) {
                elements.addNull();
            } else {
                elements.set(fields.read());
            }
            fields.consume();
            if (levels.repetitionLevel() == 0) {
                return elements.finish();
            }
            definition = levels.definitionLevel();
        }
    }

    @Override
    public void skip(long rows) {
        for (long i = 0; i < rows; i++) {
            do {
                fields.skipValues();
                fields.consume();
            } while (fields.first().repetitionLevel() > 0);
        }
    }
}
