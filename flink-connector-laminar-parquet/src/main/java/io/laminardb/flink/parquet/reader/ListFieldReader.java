package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.ArrayData;

import javax.annotation.Nullable;

/**
 * Reads a top-level ARRAY of a primitive element (a LIST of 3 or 2 levels, a key-only MAP, or a
 * repeated primitive field) straight from its one leaf column's levels, without parquet-java's
 * record assembly: a repetition level of 0 starts a row; a definition level below the repeated
 * level's is a NULL or empty array; the leaf's maximum is a value, anything between a NULL element.
 * Elements collect in an {@link ElementBuffer}. Fetcher thread.
 */
@Internal
final class ListFieldReader extends NestedValueReader {

    private final LeafCursor leaf;
    private final ElementBuffer elements;

    /** The definition level at which a row's array has an element (the repeated node's). */
    private final int entryLevel;

    /** The definition level of a non-NULL element: the leaf's maximum. */
    private final int valueLevel;

    /**
     * @param leaf the leaf column, its converter writing into {@code elements}
     * @param entryLevel the repeated node's definition level
     */
    ListFieldReader(LeafCursor leaf, ElementBuffer elements, int entryLevel, ColumnSink sink) {
        super(sink);
        this.leaf = leaf;
        this.elements = elements;
        this.entryLevel = entryLevel;
        this.valueLevel = leaf.descriptor().getMaxDefinitionLevel();
    }

    @Override
    @Nullable
    ArrayData next() {
        int definition = leaf.definitionLevel();
        if (definition < entryLevel) {
            leaf.consume();
            return definition < entryLevel - 1 ? null : ElementBuffer.EMPTY;
        }
        elements.start();
        while (true) {
            if (definition == valueLevel) {
                leaf.writeRun(1); // and the elements after it up to a NULL one or the end
            } else {
                elements.addNull();
                leaf.consume();
            }
            if (leaf.repetitionLevel() == 0) {
                return elements.finish();
            }
            definition = leaf.definitionLevel();
        }
    }

    @Override
    public void skip(long rows) {
        for (long i = 0; i < rows; i++) {
            skipRow(leaf);
        }
    }

    /** Skips the values of the leaf's next row. */
    static void skipRow(LeafCursor leaf) {
        int valueLevel = leaf.descriptor().getMaxDefinitionLevel();
        do {
            if (leaf.definitionLevel() == valueLevel) {
                leaf.skipValue();
            }
            leaf.consume();
        } while (leaf.repetitionLevel() > 0);
    }
}
