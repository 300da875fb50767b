package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.testutils.RenderedValues;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.columnar.vector.ColumnVector;
import org.apache.flink.table.data.columnar.vector.heap.AbstractHeapVector;
import org.apache.flink.table.types.logical.LogicalType;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens a file twice, hands each row group's pages (the same rows of each) to a decoder under test
 * and to a reference decoder, and reads one column with both, in random batch sizes from the same
 * starting row, and compares what they wrote row by row: values rendered as text, binaries by their
 * bytes, arrays element by element, maps as their keys and values in order, rows field by field.
 */
final class DecoderComparison {

    private DecoderComparison() {}

    /**
     * One row group, read twice: the pages for the decoder under test and for the reference, the
     * rows they decode to (fewer than the row group's when the page index skipped pages) and a
     * random first row to read from.
     */
    record RowGroupPair(
            FileMetaData file,
            int index,
            BlockMetaData block,
            PageReadStore tested,
            PageReadStore reference,
            int rows,
            int start) {}

    interface RowGroupCheck {
        void check(RowGroupPair group) throws Exception;
    }

    /**
     * Calls {@code check} with each row group of the file that keeps a row (read as {@code options}
     * say, of the columns of {@code requested}); returns how many rows the page index skipped.
     */
    static long forEachRowGroup(
            Path file,
            ParquetReadOptions options,
            MessageType requested,
            Random random,
            RowGroupCheck check)
            throws Exception {
        long skippedRows = 0;
        try (ParquetFileReader tested = ParquetFileReader.open(new LocalInputFile(file), options);
                ParquetFileReader reference =
                        ParquetFileReader.open(new LocalInputFile(file), options)) {
            tested.setRequestedSchema(requested);
            reference.setRequestedSchema(requested);
            for (int g = 0; g < tested.getRowGroups().size(); g++) {
                PageReadStore testedPages = tested.readFilteredRowGroup(g);
                PageReadStore referencePages = reference.readFilteredRowGroup(g);
                if (testedPages == null) {
                    continue; // no row kept
                }
                BlockMetaData block = tested.getRowGroups().get(g);
                skippedRows += block.getRowCount() - testedPages.getRowCount();
                int rows = (int) testedPages.getRowCount();
                check.check(
                        new RowGroupPair(
                                tested.getFooter().getFileMetaData(),
                                g,
                                block,
                                testedPages,
                                referencePages,
                                rows,
                                random.nextInt(Math.max(1, rows / 3))));
            }
        }
        return skippedRows;
    }

    /**
     * @param start the rows both decoders skip first
     * @param rows the row group's rows
     * @param maxBatch the largest batch read at once
     * @param what the column and row group, for failures
     */
    static void assertSameRows(
            ColumnDecoder tested,
            FlinkVectorSink testedSink,
            ColumnDecoder reference,
            FlinkVectorSink referenceSink,
            LogicalType type,
            int start,
            int rows,
            int maxBatch,
            Random random,
            String what) {
        tested.skip(start);
        reference.skip(start);
        int done = start;
        while (done < rows) {
            int n = Math.min(rows - done, 1 + random.nextInt(maxBatch));
            testedSink.open(n);
            referenceSink.open(n);
            tested.read(n);
            reference.read(n);
            AbstractHeapVector a = testedSink.take();
            AbstractHeapVector b = referenceSink.take();
            for (int i = 0; i < n; i++) {
                assertThat(render(a, i, type))
                        .as("%s, row %s", what, done + i)
                        .isEqualTo(render(b, i, type));
            }
            done += n;
        }
    }

    /** Every encoding the file's column chunks list. */
    static Set<Encoding> encodings(Path file) throws Exception {
        Set<Encoding> encodings = EnumSet.noneOf(Encoding.class);
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            for (BlockMetaData block : reader.getFooter().getBlocks()) {
                for (ColumnChunkMetaData chunk : block.getColumns()) {
                    encodings.addAll(chunk.getEncodings());
                }
            }
        }
        return encodings;
    }

    private static String render(AbstractHeapVector vector, int i, LogicalType type) {
        BatchRow row = new BatchRow(new ColumnVector[] {vector}, i);
        return RenderedValues.render(RowData.createFieldGetter(type, 0).getFieldOrNull(row), type);
    }
}
