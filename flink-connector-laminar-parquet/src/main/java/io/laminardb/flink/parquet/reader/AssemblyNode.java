package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.MapData;

/**
 * One node of a nested column's tree (a ROW, an ARRAY, a MAP or a primitive value, at any depth)
 * that assembles its values straight from its leaf columns' levels ({@link TreeFieldReader}). Where
 * a node's value is NULL or an array is empty, each of its leaves holds one entry for it; every
 * value of a node starts with one entry per leaf, and entries with a repetition level above the
 * node's own continue it (Dremel's encoding, the Parquet specification's). A value goes to the
 * node's target: its parent's row field, array or map under assembly. Fetcher thread.
 */
@Internal
abstract class AssemblyNode {

    /** The leaf whose levels say where this node's values are: its first leaf. */
    final LeafCursor levels;

    /** The definition level from which this node's value is there (not NULL). */
    final int presentLevel;

    /** This node's repetition level: an entry above it continues the node's current value. */
    private final int repetitionLevel;

    /** Every leaf under this node, in the schema's order. */
    private final LeafCursor[] leaves;

    /** Per leaf, the definition level of a value that is there: the leaf's maximum. */
    private final int[] valueLevels;

    AssemblyNode(LeafCursor[] leaves, int presentLevel, int repetitionLevel) {
        this.leaves = leaves;
        this.levels = leaves[0];
        this.presentLevel = presentLevel;
        this.repetitionLevel = repetitionLevel;
        this.valueLevels = new int[leaves.length];
        for (int i = 0; i < leaves.length; i++) {
            valueLevels[i] = leaves[i].descriptor().getMaxDefinitionLevel();
        }
    }

    /** Every leaf under this node. */
    final LeafCursor[] leaves() {
        return leaves;
    }

    /** Whether the value at the cursors is there (not NULL); only where the parent's is. */
    final boolean present() {
        return levels.definitionLevel() >= presentLevel;
    }

    /**
     * Hands the value at the cursors to the node's target and moves every leaf past it; only where
     * it is there ({@link #present}).
     */
    abstract void read();

    /**
     * Hands the value at the cursors to the node's target, and the values after it that are there
     * and are the next elements of the same array (repetition level {@code repetition}) where the
     * node can take them at once; moves past them. Only where the value is there, and only for an
     * array's element.
     */
    void readRun(int repetition) {
        read();
    }

    /**
     * Moves every leaf past the value at the cursors without reading it: a NULL or empty one (one
     * entry per leaf) or one that is there (its leaves' entries up to the next value).
     */
    final void pass() {
        for (int i = 0; i < leaves.length; i++) {
            LeafCursor leaf = leaves[i];
            int valueLevel = valueLevels[i];
            do {
                if (leaf.definitionLevel() == valueLevel) {
                    leaf.skipValue();
                }
                leaf.consume();
            } while (leaf.repetitionLevel() > repetitionLevel);
        }
    }

    /** A primitive value: its leaf's converter writes it to the target. */
    static final class Value extends AssemblyNode {

        Value(LeafCursor leaf, int repetitionLevel) {
            super(
                    new LeafCursor[] {leaf},
                    leaf.descriptor().getMaxDefinitionLevel(),
                    repetitionLevel);
        }

        @Override
        void read() {
            levels.writeValue();
            levels.consume();
        }

        @Override
        void readRun(int repetition) {
            levels.writeRun(repetition);
        }
    }

    /**
     * A ROW: each field a node whose target is the row's field; fields the file lacks stay NULL.
     */
    static final class Row extends AssemblyNode {

        private final AssemblyNode[] fields;
        private final RowUnderAssembly row;
        private final ObjectTarget target;

        /**
         * @param fields the nodes of the group's fields in the file's order, made with targets of
         *     {@code row} ({@link RowUnderAssembly#field})
         */
        Row(
                AssemblyNode[] fields,
                RowUnderAssembly row,
                int presentLevel,
                int repetitionLevel,
                ObjectTarget target) {
            super(leavesOf(fields), presentLevel, repetitionLevel);
            this.fields = fields;
            this.row = row;
            this.target = target;
        }

        @Override
        void read() {
            GenericRowData value = row.start();
            for (AssemblyNode field : fields) {
                if (field.present()) {
                    field.read();
                } else {
                    field.pass();
                }
            }
            target.set(value);
        }
    }

    /** The row a {@link Row} node is assembling, which its fields' targets write into. */
    static final class RowUnderAssembly {

        private final int arity;
        private GenericRowData current;

        RowUnderAssembly(int arity) {
            this.arity = arity;
        }

        /** Starts a new row: every field NULL until written. */
        GenericRowData start() {
            current = new GenericRowData(arity);
            return current;
        }

        /** The target of field {@code index} of the row under assembly. */
        ObjectTarget field(int index) {
            return new ObjectTarget() {
                @Override
                public void set(Object value) {
                    current.setField(index, value);
                }
            };
        }
    }

    /**
     * An ARRAY or a MAP: the entries of a repeated level. Below the level's definition level the
     * value is empty; else entries follow while the first leaf's repetition level is the level's.
     */
    abstract static class Repeated extends AssemblyNode {

        private final int entryLevel;
        private final int entryRepetition;
        private final ObjectTarget target;

        /**
         * @param entryLevel the repeated level's definition level: from it the value has an entry
         * @param entryRepetition the repeated level's repetition level: an entry at it is the next
         *     entry of the same value
         */
        Repeated(
                LeafCursor[] leaves,
                int presentLevel,
                int repetitionLevel,
                int entryLevel,
                int entryRepetition,
                ObjectTarget target) {
            super(leaves, presentLevel, repetitionLevel);
            this.entryLevel = entryLevel;
            this.entryRepetition = entryRepetition;
            this.target = target;
        }

        @Override
        final void read() {
            if (levels.definitionLevel() < entryLevel) {
                pass();
                target.set(empty());
                return;
            }
            start();
            do {
                readEntry(entryRepetition);
            } while (levels.repetitionLevel() == entryRepetition);
            target.set(finish());
        }

        /** The value without entries; immutable, so shared. */
        abstract Object empty();

        /** Starts a value with entries. */
        abstract void start();

        /** Reads the entry at the cursors, of repetition level {@code entryRepetition}. */
        abstract void readEntry(int entryRepetition);

        /** The value of the entries read since {@link #start}. */
        abstract Object finish();
    }

    /**
     * An ARRAY, or the keys of a key-only MAP: an element per entry, in an {@link ElementBuffer}.
     */
    static final class Array extends Repeated {

        private final AssemblyNode element;
        private final ElementBuffer elements;

        /**
         * @param element the element's node, whose target is {@code elements}
         */
        Array(
                AssemblyNode element,
                ElementBuffer elements,
                int presentLevel,
                int repetitionLevel,
                int entryLevel,
                int entryRepetition,
                ObjectTarget target) {
            super(
                    element.leaves(),
                    presentLevel,
                    repetitionLevel,
                    entryLevel,
                    entryRepetition,
                    target);
            this.element = element;
            this.elements = elements;
        }

        @Override
        Object empty() {
            return ElementBuffer.EMPTY;
        }

        @Override
        void start() {
            elements.start();
        }

        @Override
        void readEntry(int entryRepetition) {
            if (element.present()) {
                element.readRun(entryRepetition);
            } else {
                elements.addNull();
                element.pass();
            }
        }

        @Override
        Object finish() {
            return elements.finish();
        }
    }

    /** A MAP: a key and a value per entry, each in an {@link ElementBuffer}. */
    static final class Map extends Repeated {

        private static final MapData EMPTY =
                new ArrayMapData(ElementBuffer.EMPTY, ElementBuffer.EMPTY);

        private final AssemblyNode key;
        private final ElementBuffer keys;
        private final AssemblyNode value;
        private final ElementBuffer values;

        Map(
                AssemblyNode key,
                ElementBuffer keys,
                AssemblyNode value,
                ElementBuffer values,
                int presentLevel,
                int repetitionLevel,
                int entryLevel,
                int entryRepetition,
                ObjectTarget target) {
            super(
                    leavesOf(new AssemblyNode[] {key, value}),
                    presentLevel,
                    repetitionLevel,
                    entryLevel,
                    entryRepetition,
                    target);
            this.key = key;
            this.keys = keys;
            this.value = value;
            this.values = values;
        }

        @Override
        Object empty() {
            return EMPTY;
        }

        @Override
        void start() {
            keys.start();
            values.start();
        }

        @Override
        void readEntry(int entryRepetition) {
            // one key and one value: a run of either would pass the other's entries
            readPart(key, keys);
            readPart(value, values);
        }

        private static void readPart(AssemblyNode part, ElementBuffer buffer) {
            if (part.present()) {
                part.read();
            } else {
                buffer.addNull();
                part.pass();
            }
        }

        @Override
        Object finish() {
            return new ArrayMapData(keys.finish(), values.finish());
        }
    }

    /** The leaves of {@code nodes}, in order. */
    private static LeafCursor[] leavesOf(AssemblyNode[] nodes) {
        int count = 0;
        for (AssemblyNode node : nodes) {
            count += node.leaves.length;
        }
        LeafCursor[] all = new LeafCursor[count];
        int at = 0;
        for (AssemblyNode node : nodes) {
            System.arraycopy(node.leaves, 0, all, at, node.leaves.length);
            at += node.leaves.length;
        }
        return all;
    }
}
