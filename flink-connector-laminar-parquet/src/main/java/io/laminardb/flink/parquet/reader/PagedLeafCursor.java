package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A {@link LeafCursor} that decodes a page's levels many at a time: its repetition and definition
 * levels into two arrays, its dictionary ids (or RLE booleans) into a third, with {@link
 * RleBitPackedDecoder}, a window of at most {@link #WINDOW} levels at a time (what a page takes in
 * memory does not grow with its value count); then each step is an array read, where parquet-java's
 * {@code ColumnReader} decodes every level and id one at a time. PLAIN values are read from the
 * page's buffer when asked for ({@link PlainValues}), a run of an array's elements at once where
 * they go to an {@link ElementBuffer} unchanged ({@link #writeRun}); dictionaries are decoded once
 * per column chunk ({@link DecodedDictionary}) unless the converter takes dictionary ids. For the
 * encodings {@link FlatColumnReader} reads (PLAIN, dictionary, BYTE_STREAM_SPLIT, DELTA_*, RLE and
 * BIT_PACKED levels, RLE booleans) of data pages v1 and v2.
 *
 * <p>Where the page index kept some rows of the row group ({@link PageReadStore#getRowIndexes}),
 * the page reader returns the pages holding them, each starting at a row (its first row index from
 * the offset index); the cursor counts the rows that start in a page and passes over the values of
 * every row not kept, so the readers above see the kept rows alone, as parquet-java's synchronizing
 * column reader shows them. Fetcher thread.
 */
@Internal
final class PagedLeafCursor implements LeafCursor {

    /** Levels decoded at a time: the level and id arrays hold at most this many. */
    static final int WINDOW = 1024;

    private final PageReader pages;
    private final ColumnDescriptor descriptor;
    private final PrimitiveTypeName physicalType;
    private final PrimitiveConverter converter;
    private final int maxRepetitionLevel;
    private final int maxDefinitionLevel;
    private final int fixedLength;

    @Nullable private final Dictionary dictionary;
    private final int dictionarySize;

    /** The dictionary for a converter that takes values, not ids; else null. */
    @Nullable private final DecodedDictionary decodedDictionary;

    /** The chunk's pages of other layouts into PLAIN ones; null until the first such page. */
    @Nullable private PlainPages plainPages;

    /**
     * Where the converter puts values unchanged into an array's elements: the elements, which a run
     * of PLAIN values goes to at once ({@link #writeRun}); else null.
     */
    @Nullable private final ElementBuffer runTarget;

    /** The rows the page index kept, where it skipped some; else null. */
    @Nullable private final KeptRows keptRows;

    /**
     * With {@link #keptRows}: the row-group index of the row the cursor is in (the last row start
     * passed); one before the page's first row right after a page is opened.
     */
    private long row;

    /**
     * With {@link #keptRows}: the row-group index of the current page's last row (from the offset
     * index), or Long.MAX_VALUE where the page does not say.
     */
    private long pageLastRow;

    /** Values (levels) of the column chunk in the pages not yet read. */
    private long chunkRemaining;

    /** Levels of the current page not yet decoded into the arrays. */
    private int pageRemaining;

    /** The current page's levels; null where the column has none of the kind. */
    @Nullable private RleBitPackedDecoder repetitionDecoder;

    @Nullable private RleBitPackedDecoder definitionDecoder;

    /** The current page's dictionary ids or RLE booleans; null for PLAIN values. */
    @Nullable private RleBitPackedDecoder idDecoder;

    /**
     * The current window of the page's levels, {@link #count} of them; the cursor stands on {@link
     * #index}.
     */
    private final int[] repetitionLevels = new int[WINDOW];

    private final int[] definitionLevels = new int[WINDOW];
    private int count;
    private int index;

    /** The window's dictionary ids or RLE booleans, one per value that is there. */
    private final int[] ids = new int[WINDOW];

    private int idIndex;

    /** How the current page holds its values. */
    private enum Values {
        /** Dictionary ids in {@link #ids}. */
        DICTIONARY_IDS,
        /** BOOLEAN values of an RLE page, in {@link #ids}. */
        BOOLEAN_RUNS,
        /** PLAIN values from {@link #valuesPosition}, except booleans. */
        PLAIN,
        /**
         * PLAIN BOOLEAN values: bits from {@link #valuesPosition}, the next at {@link #booleanBit}.
         */
        PLAIN_BOOLEANS
    }

    private Values pageValues;
    private ByteBuffer values;
    private int valuesPosition;
    private long booleanBit;

    /** Whether the column chunk can be read this way (see the class comment). */
    static boolean canRead(ColumnChunkMetaData chunk) {
        return FlatColumnReader.decodesEncodingsOf(chunk);
    }

    /**
     * @param converter the leaf's converter, as parquet-java's reader would be given it
     * @param target where the converter puts values
     */
    PagedLeafCursor(
            PageReadStore pageStore,
            ColumnDescriptor descriptor,
            PrimitiveConverter converter,
            ValueTarget target) {
        this.descriptor = descriptor;
        this.runTarget =
                target instanceof ElementBuffer && LeafConverters.passesValuesUnchanged(converter)
                        ? (ElementBuffer) target
                        : null;
        this.pages = pageStore.getPageReader(descriptor);
        this.converter = converter;
        this.physicalType = descriptor.getPrimitiveType().getPrimitiveTypeName();
        this.maxRepetitionLevel = descriptor.getMaxRepetitionLevel();
        this.maxDefinitionLevel = descriptor.getMaxDefinitionLevel();
        this.fixedLength = PlainValues.fixedLength(descriptor.getPrimitiveType());
        this.dictionary = DecodedDictionary.read(pages, descriptor);
        this.dictionarySize = dictionary == null ? 0 : dictionary.getMaxId() + 1;
        if (dictionary != null && converter.hasDictionarySupport()) {
            converter.setDictionary(dictionary);
            this.decodedDictionary = null;
        } else {
            this.decodedDictionary =
                    dictionary == null ? null : new DecodedDictionary(dictionary, physicalType);
        }
        this.keptRows = pageStore.getRowIndexes().map(KeptRows::new).orElse(null);
        this.chunkRemaining = pages.getTotalValueCount();
        if (chunkRemaining > 0) {
            nextPage();
            if (keptRows != null) {
                passRowsNotKept();
            }
        }
    }

    @Override
    public ColumnDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public int definitionLevel() {
        if (index >= count) {
            throw new ParquetDecodingException(
                    "Column " + descriptor + " has fewer values than its row group has rows");
        }
        return definitionLevels[index];
    }

    @Override
    public int repetitionLevel() {
        return index < count ? repetitionLevels[index] : 0;
    }

    @Override
    public void writeValue() {
        switch (pageValues) {
            case DICTIONARY_IDS:
                int id = FlatColumnReader.checkedId(ids[idIndex++], dictionarySize, descriptor);
                if (decodedDictionary == null) {
                    converter.addValueFromDictionary(id);
                } else {
                    decodedDictionary.add(converter, id);
                }
                break;
            case PLAIN:
                valuesPosition =
                        PlainValues.add(
                                converter,
                                physicalType,
                                values,
                                valuesPosition,
                                fixedLength,
                                descriptor);
                break;
            case BOOLEAN_RUNS:
                converter.addBoolean(ids[idIndex++] != 0);
                break;
            default:
                long bit = booleanBit++;
                int at = valuesPosition + (int) (bit >>> 3);
                if (at >= values.limit()) {
                    throw new ParquetDecodingException(
                            "PLAIN BOOLEAN values end before their count in column " + descriptor);
                }
                converter.addBoolean((values.get(at) >>> (bit & 7) & 1) != 0);
        }
    }

    @Override
    public void skipValue() {
        switch (pageValues) {
            case DICTIONARY_IDS:
            case BOOLEAN_RUNS:
                idIndex++;
                break;
            case PLAIN:
                valuesPosition =
                        PlainValues.skip(
                                physicalType, values, valuesPosition, 1, fixedLength, descriptor);
                break;
            default:
                booleanBit++;
        }
    }

    @Override
    public void writeRun(int repetition) {
        int end = index + 1;
        int[] repetitions = repetitionLevels;
        int[] definitions = definitionLevels;
        int max = maxDefinitionLevel;
        while (end < count && repetitions[end] == repetition && definitions[end] == max) {
            end++;
        }
        int n = end - index;
        if (n > 1 && runTarget != null && pageValues == Values.PLAIN) {
            valuesPosition =
                    PlainValues.addRun(
                            runTarget, physicalType, values, valuesPosition, n, descriptor);
        } else {
            for (int i = 0; i < n; i++) {
                writeValue();
            }
        }
        index = end - 1;
        consume();
    }

    @Override
    public void consume() {
        advance();
        if (keptRows != null) {
            passRowsNotKept();
        }
    }

    private void advance() {
        if (++index == count) {
            if (pageRemaining > 0) {
                fillWindow();
            } else if (chunkRemaining > 0) {
                nextPage();
            }
        }
    }

    /**
     * Where the cursor stands on the start of a row: counts it, and passes over its values and
     * those of the rows after it until one the page index kept starts (or the chunk ends).
     */
    private void passRowsNotKept() {
        while (index < count && repetitionLevels[index] == 0) {
            row++;
            long kept = keptRows.peek();
            if (kept == row) {
                keptRows.next();
                return;
            }
            if (kept >= 0 && kept < row) {
                throw new ParquetDecodingException(
                        "Column "
                                + descriptor
                                + " passed row "
                                + kept
                                + " of its row group, which the page index kept, without"
                                + " reading it");
            }
            if (kept < 0 || kept > pageLastRow) {
                // no row kept in the rest of the page: the next page, or the chunk's end
                pageRemaining = 0;
                index = count - 1;
                advance();
                continue;
            }
            do {
                if (definitionLevels[index] == maxDefinitionLevel) {
                    skipValue();
                }
                advance();
            } while (index < count && repetitionLevels[index] != 0);
        }
    }

    /** Opens the next page with values and decodes its first window. */
    private void nextPage() {
        do {
            openPage();
        } while (pageRemaining == 0 && chunkRemaining > 0);
        fillWindow();
        if (keptRows != null && count > 0 && repetitionLevels[0] != 0) {
            throw new ParquetDecodingException(
                    "Column "
                            + descriptor
                            + " has a page that starts inside a row, which a read the page index"
                            + " filtered cannot follow");
        }
    }

    private void openPage() {
        DataPage page = pages.readPage();
        if (page == null) {
            throw new ParquetDecodingException(
                    "Column " + descriptor + " ends before the values its metadata counts");
        }
        int n = page.getValueCount();
        if (n < 0 || n > chunkRemaining) {
            throw new ParquetDecodingException(
                    "Column "
                            + descriptor
                            + " has a page of "
                            + n
                            + " values where its column chunk has "
                            + chunkRemaining
                            + " left");
        }
        try {
            if (page instanceof DataPageV1) {
                openV1((DataPageV1) page, n);
            } else {
                openV2((DataPageV2) page);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a page of column " + descriptor, e);
        }
        if (keptRows != null) {
            long first =
                    page.getFirstRowIndex()
                            .orElseThrow(
                                    () ->
                                            new ParquetDecodingException(
                                                    "Column "
                                                            + descriptor
                                                            + " has a page without its"
                                                            + " first row index in a read"
                                                            + " the page index filtered"));
            row = first - 1;
            pageLastRow =
                    page.getIndexRowCount().map(rows -> first + rows - 1).orElse(Long.MAX_VALUE);
        }
        chunkRemaining -= n;
        pageRemaining = n;
    }

    private void openV1(DataPageV1 page, int n) throws IOException {
        ByteBuffer buffer = page.getBytes().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int position = buffer.position();
        repetitionDecoder = null;
        definitionDecoder = null;
        if (maxRepetitionLevel > 0) {
            repetitionDecoder =
                    RleBitPackedDecoder.v1Levels(
                            page.getRlEncoding(),
                            buffer,
                            position,
                            n,
                            BytesUtils.getWidthFromMaxInt(maxRepetitionLevel),
                            "repetition");
            position = repetitionDecoder.end();
        }
        if (maxDefinitionLevel > 0) {
            definitionDecoder =
                    RleBitPackedDecoder.v1Levels(
                            page.getDlEncoding(),
                            buffer,
                            position,
                            n,
                            BytesUtils.getWidthFromMaxInt(maxDefinitionLevel),
                            "definition");
            position = definitionDecoder.end();
        }
        openValues(page.getValueEncoding(), buffer, position, n);
    }

    private void openV2(DataPageV2 page) throws IOException {
        repetitionDecoder = v2Levels(page.getRepetitionLevels().toByteBuffer(), maxRepetitionLevel);
        definitionDecoder = v2Levels(page.getDefinitionLevels().toByteBuffer(), maxDefinitionLevel);
        ByteBuffer data = page.getData().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        openValues(page.getDataEncoding(), data, data.position(), page.getValueCount());
    }

    /** The levels of a data page v2 (RLE, no length before them); null when there are none. */
    @Nullable
    private static RleBitPackedDecoder v2Levels(ByteBuffer bytes, int maxLevel) {
        if (maxLevel == 0) {
            return null;
        }
        ByteBuffer levels = bytes.order(ByteOrder.LITTLE_ENDIAN);
        return new RleBitPackedDecoder(
                levels,
                levels.position(),
                levels.remaining(),
                BytesUtils.getWidthFromMaxInt(maxLevel));
    }

    /** Opens the page's values at {@code position}. */
    /** The column's pages of other layouts into PLAIN ones, made for the first such page. */
    private PlainPages plainPages() {
        if (plainPages == null) {
            plainPages = new PlainPages(descriptor);
        }
        return plainPages;
    }

    private void openValues(Encoding encoding, ByteBuffer buffer, int position, int valueCount) {
        values = null;
        idDecoder = null;
        if (encoding.usesDictionary()) {
            if (dictionary == null) {
                throw new ParquetDecodingException(
                        "Column " + descriptor + " has dictionary-encoded pages but no dictionary");
            }
            int bitWidth = position < buffer.limit() ? buffer.get(position) & 0xFF : 0;
            idDecoder =
                    new RleBitPackedDecoder(
                            buffer, position + 1, buffer.limit() - position - 1, bitWidth);
            pageValues = Values.DICTIONARY_IDS;
        } else if (encoding == Encoding.RLE && physicalType == PrimitiveTypeName.BOOLEAN) {
            // RLE/bit-packed hybrid of width 1 after the 4-byte length of its data
            idDecoder =
                    RleBitPackedDecoder.lengthPrefixed(
                            buffer, position, 1, "RLE BOOLEAN values of column " + descriptor);
            pageValues = Values.BOOLEAN_RUNS;
        } else if (PlainPages.converts(encoding)) {
            openValues(
                    Encoding.PLAIN,
                    plainPages().toPlain(encoding, buffer, position, valueCount),
                    0,
                    valueCount);
        } else if (encoding == Encoding.PLAIN) {
            values = buffer;
            valuesPosition = position;
            booleanBit = 0;
            pageValues =
                    physicalType == PrimitiveTypeName.BOOLEAN
                            ? Values.PLAIN_BOOLEANS
                            : Values.PLAIN;
        } else {
            throw new ParquetDecodingException(
                    "Unexpected encoding " + encoding + " in column " + descriptor);
        }
    }

    /**
     * Decodes the page's next window of levels (at most {@link #WINDOW}), and the dictionary ids or
     * RLE booleans of the values among them, into the arrays.
     */
    private void fillWindow() {
        int n = Math.min(pageRemaining, WINDOW);
        if (repetitionDecoder == null) {
            Arrays.fill(repetitionLevels, 0, n, 0);
        } else {
            repetitionDecoder.read(repetitionLevels, 0, n);
        }
        if (definitionDecoder == null) {
            Arrays.fill(definitionLevels, 0, n, 0);
        } else {
            definitionDecoder.read(definitionLevels, 0, n);
        }
        if (idDecoder != null) {
            int present = 0;
            int max = maxDefinitionLevel;
            int[] levels = definitionLevels;
            for (int i = 0; i < n; i++) {
                if (levels[i] == max) {
                    present++;
                }
            }
            idDecoder.read(ids, 0, present);
        }
        idIndex = 0;
        pageRemaining -= n;
        count = n;
        index = 0;
    }
}
