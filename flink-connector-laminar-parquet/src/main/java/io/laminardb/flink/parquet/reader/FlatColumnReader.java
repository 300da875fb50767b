package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;

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
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The fast path for flat columns: a top-level, non-repeated column of any physical type (BOOLEAN,
 * INT32, INT64, INT96, FLOAT, DOUBLE, BINARY, FIXED_LEN_BYTE_ARRAY) whose pages are PLAIN or
 * dictionary encoded with RLE definition levels (what parquet-java, Spark, DuckDB and Arrow write
 * by default; BOOLEAN pages PLAIN or RLE), or BYTE_STREAM_SPLIT or DELTA_* (read as the PLAIN
 * values they hold, {@link PlainPages}). Numbers, timestamps, decimals, strings and binaries that
 * need no conversion per value go to the sink a run at a time. It walks the pages itself and
 * decodes definition levels and dictionary ids many at a time, instead of one value at a time
 * through parquet-java's {@code ColumnReader}; dictionaries are decoded once per column chunk.
 * Other columns and encodings go through {@link PrimitiveFieldReader}.
 *
 * <p>When the page index kept only some rows of the row group ({@link
 * PageReadStore#getRowIndexes}), the page reader returns only the pages holding them, each with the
 * index of its first row; the reader then reads the kept rows only, in runs of consecutive ones,
 * skipping the values between them within a page and jumping to the row a page starts at.
 */
@Internal
final class FlatColumnReader implements ColumnDecoder {

    private static final Set<Encoding> FAST_ENCODINGS =
            EnumSet.of(
                    Encoding.PLAIN,
                    Encoding.PLAIN_DICTIONARY,
                    Encoding.RLE_DICTIONARY,
                    Encoding.RLE,
                    Encoding.BIT_PACKED,
                    Encoding.BYTE_STREAM_SPLIT,
                    Encoding.DELTA_BINARY_PACKED,
                    Encoding.DELTA_LENGTH_BYTE_ARRAY,
                    Encoding.DELTA_BYTE_ARRAY);

    private final PageReader pages;
    private final ColumnDescriptor descriptor;
    private final PrimitiveTypeName physicalType;
    private final PrimitiveConverter converter;
    private final ColumnSink sink;
    private final int maxDefinitionLevel;
    private final int levelBitWidth;

    private final Dictionary dictionary;
    private final boolean converterTakesDictionaryIds;

    /** The dictionary decoded for the converter or {@link #numberRuns}; else null. */
    @Nullable private DecodedDictionary decodedDictionary;

    private int pageRemaining;

    /** The row-group index of the current page's next value (kept rows only). */
    private long pageRow;

    /**
     * The row-group indexes of the rows to read when the page index skipped pages, else null (every
     * row of the row group, in order).
     */
    @Nullable private final KeptRows keptRows;

    private RleBitPackedDecoder levels;
    private boolean dictionaryPage;
    private RleBitPackedDecoder ids;
    private ByteBuffer values;
    private int valuesPosition;

    /**
     * BOOLEAN values of a PLAIN page: bits packed from the least significant bit of the byte at
     * {@link #valuesPosition}; the index of the page's next bit.
     */
    private long booleanBit;

    /** BOOLEAN values of an RLE page; null on PLAIN pages. */
    @Nullable private RleBitPackedDecoder booleanRuns;

    private int[] levelBuffer = new int[0];
    private int[] idBuffer = new int[0];

    /**
     * Whether BINARY values go to the sink as bytes ({@link ColumnSink#setBytes}, {@link
     * ColumnSink#setDictionaryEntry}) instead of through the converter: strings and binaries
     * without conversion.
     */
    private final boolean bytesToSink;

    /**
     * Numbers that go to the sink unchanged (or as millisecond timestamps), decoded and handed over
     * a run at a time; null for other columns.
     */
    @Nullable private final NumberRuns numberRuns;

    /** The bytes per value of a FIXED_LEN_BYTE_ARRAY or INT96 column; 0 for other columns. */
    private final int fixedLength;

    /**
     * For BINARY and FIXED_LEN_BYTE_ARRAY decimals, their converter: PLAIN values are made from the
     * page's bytes ({@link #plainDecimals}); else null.
     */
    @Nullable private final LeafConverters.BinaryDecimals binaryDecimals;

    /** The dictionary of a BINARY column with {@link #bytesToSink}: all entries, one array. */
    private DictionaryStrings dictionaryStrings;

    /**
     * PLAIN values of the page as an array (BINARY with {@link #bytesToSink}, numbers with {@link
     * #numberRuns}): value bytes at buffer index + offset.
     */
    private byte[] valuesArray;

    private int valuesArrayOffset;
    private byte[] pageCopy = new byte[0];

    /** The chunk's pages of other layouts into PLAIN ones; null until the first such page. */
    @Nullable private PlainPages plainPages;

    /** Where each value of a run of PLAIN BYTE_ARRAY values starts in the page, and its length. */
    private int[] plainStarts = new int[0];

    private int[] plainLengths = new int[0];

    private static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Whether a column chunk can take the fast path. */
    static boolean canRead(Type column, ColumnChunkMetaData chunk) {
        if (!column.isPrimitive()
                || !column.isRepetition(Type.Repetition.OPTIONAL)
                        && !column.isRepetition(Type.Repetition.REQUIRED)) {
            return false;
        }
        switch (column.asPrimitiveType().getPrimitiveTypeName()) {
            case BOOLEAN:
            case INT32:
            case INT64:
            case FLOAT:
            case DOUBLE:
            case BINARY:
            case FIXED_LEN_BYTE_ARRAY:
            case INT96:
                break;
            default:
                return false;
        }
        return decodesEncodingsOf(chunk);
    }

    /**
     * Whether the column chunk's pages are of the encodings read here and by {@link
     * PagedLeafCursor}: PLAIN, dictionary, BYTE_STREAM_SPLIT or DELTA_* values (booleans PLAIN or
     * RLE: no writer makes dictionaries of booleans), RLE or BIT_PACKED levels.
     */
    static boolean decodesEncodingsOf(ColumnChunkMetaData chunk) {
        if (chunk.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BOOLEAN
                && (chunk.hasDictionaryPage()
                        || chunk.getEncodings().contains(Encoding.PLAIN_DICTIONARY)
                        || chunk.getEncodings().contains(Encoding.RLE_DICTIONARY))) {
            return false;
        }
        // BIT_PACKED is what data page v1 writers (parquet-java, DuckDB) list for the absent
        // repetition levels of flat columns; very old writers also used it for definition levels,
        // which openV1 decodes too.
        return FAST_ENCODINGS.containsAll(chunk.getEncodings());
    }

    FlatColumnReader(
            PageReadStore pageStore, PrimitiveType column, LogicalType flinkType, ColumnSink sink) {
        this.sink = sink;
        this.descriptor = new MessageType("root", column).getColumns().get(0);
        this.pages = pageStore.getPageReader(descriptor);
        this.physicalType = column.getPrimitiveTypeName();
        this.converter = LeafConverters.create(column, flinkType, sink);
        this.bytesToSink =
                physicalType == PrimitiveTypeName.BINARY && LeafConverters.isBytes(converter);
        LeafConverters.EpochTimestamps timestamps = LeafConverters.epochTimestamps(converter);
        LeafConverters.Rescaler decimals = LeafConverters.decimalRescaler(converter);
        LeafConverters.NarrowInts narrowInts = LeafConverters.narrowInts(converter);
        this.numberRuns =
                timestamps != null
                                || decimals != null
                                || narrowInts != null
                                || LeafConverters.passesValuesUnchanged(converter)
                        ? new NumberRuns(
                                sink, physicalType, timestamps, decimals, narrowInts, descriptor)
                        : null;
        this.fixedLength = PlainValues.fixedLength(column);
        this.binaryDecimals = LeafConverters.binaryDecimals(converter);
        this.keptRows = pageStore.getRowIndexes().map(KeptRows::new).orElse(null);
        this.maxDefinitionLevel = descriptor.getMaxDefinitionLevel();
        this.levelBitWidth = BytesUtils.getWidthFromMaxInt(maxDefinitionLevel);
        this.dictionary = DecodedDictionary.read(pages, descriptor);
        if (dictionary != null) {
            this.converterTakesDictionaryIds = !bytesToSink && converter.hasDictionarySupport();
            if (bytesToSink) {
                decodeDictionaryBytes();
            } else if (converterTakesDictionaryIds) {
                converter.setDictionary(dictionary);
            } else {
                decodedDictionary = new DecodedDictionary(dictionary, physicalType);
            }
        } else {
            this.converterTakesDictionaryIds = false;
        }
    }

    /** Decodes a BINARY dictionary once per chunk into one array and offsets. */
    private void decodeDictionaryBytes() {
        int size = dictionary.getMaxId() + 1;
        Binary[] entries = new Binary[size];
        int[] offsets = new int[size + 1];
        long total = 0;
        for (int i = 0; i < size; i++) {
            entries[i] = dictionary.decodeToBinary(i);
            total += entries[i].length();
            if (total > Integer.MAX_VALUE - 16) {
                throw new ParquetDecodingException(
                        "Dictionary of column " + descriptor + " is larger than 2 GB");
            }
            offsets[i + 1] = (int) total;
        }
        byte[] bytes = new byte[(int) total];
        for (int i = 0; i < size; i++) {
            ByteBuffer entry = entries[i].toByteBuffer();
            entry.get(entry.position(), bytes, offsets[i], entry.remaining());
        }
        dictionaryStrings =
                new DictionaryStrings(
                        bytes, offsets, pages.getTotalValueCount(), sink.sharesDictionaryStrings());
    }

    @Override
    public void read(int rows) {
        if (keptRows != null) {
            readKept(rows);
            return;
        }
        int done = 0;
        while (done < rows) {
            if (pageRemaining == 0) {
                nextPage();
            }
            int n = Math.min(rows - done, pageRemaining);
            readRun(done, n);
            pageRemaining -= n;
            done += n;
        }
    }

    @Override
    public void skip(long rows) {
        if (keptRows != null) {
            // the values are skipped when the next kept row is read
            keptRows.skip(rows);
            return;
        }
        long done = 0;
        while (done < rows) {
            if (pageRemaining == 0) {
                nextPage();
            }
            int n = (int) Math.min(rows - done, pageRemaining);
            skipInPage(n);
            done += n;
        }
    }

    /** Reads the next {@code rows} kept rows, a run of consecutive ones at a time. */
    private void readKept(int rows) {
        int done = 0;
        while (done < rows) {
            long first = keptRows.next();
            int run = 1 + keptRows.consecutive(first, rows - done - 1);
            int k = 0;
            while (k < run) {
                moveTo(first + k);
                int n = Math.min(run - k, pageRemaining);
                readRun(done + k, n);
                pageRemaining -= n;
                pageRow += n;
                k += n;
            }
            done += run;
        }
    }

    /** Makes row {@code row} of the row group the next value: skips values and pages before it. */
    private void moveTo(long row) {
        while (pageRemaining == 0 || pageRow < row) {
            if (pageRemaining == 0) {
                nextPage();
            } else {
                skipInPage((int) Math.min(row - pageRow, pageRemaining));
            }
        }
        if (pageRow != row) {
            throw new ParquetDecodingException(
                    "Column " + descriptor + " has no value for row " + row + " of its row group");
        }
    }

    /** Skips the next {@code n} values of the current page (at most what it has left). */
    private void skipInPage(int n) {
        int present = readLevels(n);
        if (dictionaryPage) {
            ids.skip(present);
        } else {
            skipPlain(present);
        }
        pageRemaining -= n;
        pageRow += n;
    }

    /** Decodes {@code n} definition levels into the level buffer; returns how many are values. */
    private int readLevels(int n) {
        if (maxDefinitionLevel == 0) {
            return n;
        }
        if (levelBuffer.length < n) {
            levelBuffer = new int[Math.max(n, 1024)];
        }
        levels.read(levelBuffer, 0, n);
        int present = 0;
        for (int i = 0; i < n; i++) {
            if (levelBuffer[i] == maxDefinitionLevel) {
                present++;
            }
        }
        return present;
    }

    /**
     * Reads {@code n} rows of the current page into rows {@code offset..} of the batch: runs of
     * definition levels that are all defined go to {@link #readValues} without a check per value,
     * runs of NULLs to {@link ColumnSink#setNulls}; only bit-packed levels are checked one by one.
     */
    private void readRun(int offset, int n) {
        if (maxDefinitionLevel == 0) {
            readValues(offset, n);
            return;
        }
        int done = 0;
        while (done < n) {
            int repeated = levels.readRepeated(n - done);
            if (repeated > 0) {
                if (levels.repeatedValue() == maxDefinitionLevel) {
                    readValues(offset + done, repeated);
                } else {
                    sink.setNulls(offset + done, repeated);
                }
                done += repeated;
            } else {
                int m = Math.min(n - done, levels.packedRemaining());
                readMixed(offset + done, m);
                done += m;
            }
        }
    }

    /** Reads {@code n} values, all defined, into rows {@code offset..}. */
    private void readValues(int offset, int n) {
        if (dictionaryPage) {
            if (idBuffer.length < n) {
                idBuffer = new int[Math.max(n, 1024)];
            }
            ids.read(idBuffer, 0, n);
            if (bytesToSink) {
                int entries = dictionaryStrings.size();
                for (int i = 0; i < n; i++) {
                    checkedId(idBuffer[i], entries, descriptor);
                }
                sink.setDictionaryEntries(offset, dictionaryStrings, idBuffer, 0, n);
            } else if (numberRuns != null) {
                numberRuns.fromDictionary(offset, decodedDictionary.numbers(), idBuffer, n);
            } else {
                for (int i = 0; i < n; i++) {
                    sink.position(offset + i);
                    addDictionaryValue(idBuffer[i]);
                }
            }
        } else if (bytesToSink) {
            plainBytes(offset, n);
        } else if (numberRuns != null) {
            plainNumbers(offset, n);
        } else if (physicalType == PrimitiveTypeName.BOOLEAN) {
            readBooleans(offset, n);
        } else if (binaryDecimals != null) {
            plainDecimals(offset, n);
        } else {
            for (int i = 0; i < n; i++) {
                sink.position(offset + i);
                valuesPosition =
                        PlainValues.add(
                                converter,
                                physicalType,
                                values,
                                valuesPosition,
                                fixedLength,
                                descriptor);
            }
        }
    }

    /** {@code id}, checked to be an entry of a dictionary of {@code entries} entries. */
    static int checkedId(int id, int entries, ColumnDescriptor column) {
        if (id < 0 || id >= entries) {
            throw new ParquetDecodingException(
                    "Dictionary id " + id + " out of range in column " + column);
        }
        return id;
    }

    /** Rows {@code offset..offset+n-1} are the page's next {@code n} PLAIN values. */
    private void plainNumbers(int offset, int n) {
        valuesPosition +=
                numberRuns.plain(
                        offset,
                        valuesArray,
                        valuesPosition + valuesArrayOffset,
                        values.limit() - valuesPosition,
                        n);
    }

    /**
     * Reads {@code n} rows whose definition levels are bit-packed (a column with NULLs scattered
     * among its values): the levels are checked one by one, the values between two NULLs go to
     * {@link #readValues} as one run and each run of NULLs to {@link ColumnSink#setNulls}.
     */
    private void readMixed(int offset, int n) {
        if (levelBuffer.length < n) {
            levelBuffer = new int[Math.max(n, 1024)];
        }
        int[] level = levelBuffer;
        levels.read(level, 0, n);
        int max = maxDefinitionLevel;
        int i = 0;
        while (i < n) {
            int end = i + 1;
            if (level[i] == max) {
                while (end < n && level[end] == max) {
                    end++;
                }
                readValues(offset + i, end - i);
            } else {
                while (end < n && level[end] != max) {
                    end++;
                }
                sink.setNulls(offset + i, end - i);
            }
            i = end;
        }
    }

    /**
     * The page's next {@code n} PLAIN BINARY or FIXED_LEN_BYTE_ARRAY decimals, made from the page's
     * bytes into rows {@code offset..offset+n-1}.
     */
    private void plainDecimals(int offset, int n) {
        byte[] page = valuesArray;
        int shift = valuesArrayOffset;
        int limit = values.limit();
        int position = valuesPosition;
        for (int i = 0; i < n; i++) {
            int length = fixedLength;
            if (length == 0) {
                length = position + 4 <= limit ? (int) INT_LE.get(page, position + shift) : -1;
                position += 4;
            }
            if (length < 0 || length > limit - position) {
                throw new ParquetDecodingException(
                        "Corrupt PLAIN decimal of length " + length + " in column " + descriptor);
            }
            sink.position(offset + i);
            sink.setObject(binaryDecimals.of(page, position + shift, length));
            position += length;
        }
        valuesPosition = position;
    }

    /** Reads {@code n} BOOLEAN values, all defined, into rows {@code offset..}. */
    private void readBooleans(int offset, int n) {
        if (booleanRuns != null) {
            if (idBuffer.length < n) {
                idBuffer = new int[Math.max(n, 1024)];
            }
            booleanRuns.read(idBuffer, 0, n);
            for (int i = 0; i < n; i++) {
                sink.position(offset + i);
                converter.addBoolean(idBuffer[i] != 0);
            }
            return;
        }
        if (((booleanBit + n + 7) >>> 3) > values.limit() - valuesPosition) {
            throw new ParquetDecodingException(
                    "PLAIN BOOLEAN values end before their count in column " + descriptor);
        }
        for (int i = 0; i < n; i++) {
            long bit = booleanBit + i;
            int packed = values.get(valuesPosition + (int) (bit >>> 3));
            sink.position(offset + i);
            converter.addBoolean((packed >>> (bit & 7) & 1) != 0);
        }
        booleanBit += n;
    }

    private void addDictionaryValue(int id) {
        if (converterTakesDictionaryIds) {
            converter.addValueFromDictionary(id);
        } else {
            decodedDictionary.add(converter, id);
        }
    }

    /**
     * The page's next {@code n} PLAIN BYTE_ARRAY values, straight from its bytes to rows {@code
     * offset..offset+n-1} of the sink, in one call: where each value's bytes are in the page, and
     * the span of the page they lie in.
     */
    private void plainBytes(int offset, int n) {
        if (plainStarts.length < n) {
            plainStarts = new int[Math.max(n, 1024)];
            plainLengths = new int[plainStarts.length];
        }
        int[] starts = plainStarts;
        int[] lengths = plainLengths;
        byte[] page = valuesArray;
        int shift = valuesArrayOffset;
        int limit = values.limit();
        int position = valuesPosition;
        for (int i = 0; i < n; i++) {
            if (position + 4 > limit) {
                throw new ParquetDecodingException(
                        "PLAIN BYTE_ARRAY values end before their count in column " + descriptor);
            }
            int length = (int) INT_LE.get(page, position + shift);
            if (length < 0 || length > limit - position - 4) {
                throw new ParquetDecodingException(
                        "Corrupt PLAIN BYTE_ARRAY value of length "
                                + length
                                + " in column "
                                + descriptor);
            }
            starts[i] = position + shift + 4;
            lengths[i] = length;
            position += 4 + length;
        }
        sink.setByteValues(
                offset, page, starts, lengths, n, valuesPosition + shift, position + shift);
        valuesPosition = position;
    }

    private void skipPlain(int present) {
        if (physicalType != PrimitiveTypeName.BOOLEAN) {
            valuesPosition =
                    PlainValues.skip(
                            physicalType, values, valuesPosition, present, fixedLength, descriptor);
        } else if (booleanRuns != null) {
            booleanRuns.skip(present);
        } else {
            booleanBit += present;
        }
    }

    private void nextPage() {
        DataPage page = pages.readPage();
        if (page == null) {
            throw new ParquetDecodingException(
                    "Column " + descriptor + " has fewer values than its row group has rows");
        }
        try {
            if (page instanceof DataPageV1) {
                openV1((DataPageV1) page);
            } else {
                openV2((DataPageV2) page);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a page of column " + descriptor, e);
        }
        pageRemaining = page.getValueCount();
        Optional<Long> firstRow = page.getFirstRowIndex();
        if (firstRow.isPresent()) {
            pageRow = firstRow.get();
        }
    }

    private void openV1(DataPageV1 page) throws IOException {
        ByteBuffer buffer = page.getBytes().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int position = buffer.position();
        if (maxDefinitionLevel > 0) {
            levels =
                    RleBitPackedDecoder.v1Levels(
                            page.getDlEncoding(),
                            buffer,
                            position,
                            page.getValueCount(),
                            levelBitWidth,
                            "definition");
            position = levels.end();
        }
        openValues(page.getValueEncoding(), buffer, position, page.getValueCount());
    }

    private void openV2(DataPageV2 page) throws IOException {
        if (maxDefinitionLevel > 0) {
            ByteBuffer levelBytes =
                    page.getDefinitionLevels().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            levels =
                    new RleBitPackedDecoder(
                            levelBytes,
                            levelBytes.position(),
                            levelBytes.remaining(),
                            levelBitWidth);
        }
        ByteBuffer data = page.getData().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        openValues(page.getDataEncoding(), data, data.position(), page.getValueCount());
    }

    /** The column's pages of other layouts into PLAIN ones, made for the first such page. */
    private PlainPages plainPages() {
        if (plainPages == null) {
            plainPages = new PlainPages(descriptor);
        }
        return plainPages;
    }

    private void openValues(Encoding encoding, ByteBuffer buffer, int position, int pageValues) {
        if (encoding.usesDictionary()) {
            if (dictionary == null) {
                throw new ParquetDecodingException(
                        "Column " + descriptor + " has dictionary-encoded pages but no dictionary");
            }
            dictionaryPage = true;
            int bitWidth = position < buffer.limit() ? buffer.get(position) & 0xFF : 0;
            ids =
                    new RleBitPackedDecoder(
                            buffer, position + 1, buffer.limit() - position - 1, bitWidth);
        } else if (encoding == Encoding.RLE && physicalType == PrimitiveTypeName.BOOLEAN) {
            // RLE/bit-packed hybrid of width 1 after the 4-byte length of its data
            dictionaryPage = false;
            booleanRuns =
                    RleBitPackedDecoder.lengthPrefixed(
                            buffer, position, 1, "RLE BOOLEAN values of column " + descriptor);
        } else if (PlainPages.converts(encoding)) {
            openValues(
                    Encoding.PLAIN,
                    plainPages().toPlain(encoding, buffer, position, pageValues),
                    0,
                    pageValues);
        } else if (encoding == Encoding.PLAIN) {
            dictionaryPage = false;
            values = buffer;
            valuesPosition = position;
            booleanBit = 0;
            booleanRuns = null;
            if (bytesToSink || numberRuns != null || binaryDecimals != null) {
                if (buffer.hasArray()) {
                    valuesArray = buffer.array();
                    valuesArrayOffset = buffer.arrayOffset();
                } else {
                    // One bulk copy of a direct page; values are then copied from the array.
                    int length = buffer.limit() - position;
                    if (pageCopy.length < length) {
                        pageCopy = new byte[Math.max(length, pageCopy.length * 2)];
                    }
                    buffer.get(position, pageCopy, 0, length);
                    valuesArray = pageCopy;
                    valuesArrayOffset = -position;
                }
            }
        } else {
            throw new ParquetDecodingException(
                    "Unexpected encoding " + encoding + " in column " + descriptor);
        }
    }
}
