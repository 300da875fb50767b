package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A column chunk's dictionary for converters that take values, not dictionary ids: entries of
 * INT32, INT64, FLOAT and DOUBLE columns decoded once into an array of their type; other entries
 * (BINARY, FIXED_LEN_BYTE_ARRAY, INT96) decoded when asked for. Fetcher thread.
 */
@Internal
final class DecodedDictionary {

    private final Dictionary dictionary;
    private final PrimitiveTypeName type;
    @Nullable private final Object numbers;

    DecodedDictionary(Dictionary dictionary, PrimitiveTypeName type) {
        this.dictionary = dictionary;
        this.type = type;
        int size = dictionary.getMaxId() + 1;
        switch (type) {
            case INT32:
                int[] ints = new int[size];
                for (int i = 0; i < size; i++) {
                    ints[i] = dictionary.decodeToInt(i);
                }
                this.numbers = ints;
                break;
            case INT64:
                long[] longs = new long[size];
                for (int i = 0; i < size; i++) {
                    longs[i] = dictionary.decodeToLong(i);
                }
                this.numbers = longs;
                break;
            case FLOAT:
                float[] floats = new float[size];
                for (int i = 0; i < size; i++) {
                    floats[i] = dictionary.decodeToFloat(i);
                }
                this.numbers = floats;
                break;
            case DOUBLE:
                double[] doubles = new double[size];
                for (int i = 0; i < size; i++) {
                    doubles[i] = dictionary.decodeToDouble(i);
                }
                this.numbers = doubles;
                break;
            default:
                this.numbers = null;
        }
    }

    /** The dictionary of a column chunk, from its dictionary page; null when it has none. */
    @Nullable
    static Dictionary read(PageReader pages, ColumnDescriptor column) {
        DictionaryPage page = pages.readDictionaryPage();
        if (page == null) {
            return null;
        }
        try {
            return page.getEncoding().initDictionary(column, page);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dictionary of column " + column, e);
        }
    }

    /** Its entries: an {@code int[]}, {@code long[]}, {@code float[]} or {@code double[]}. */
    Object numbers() {
        return numbers;
    }

    /** Hands entry {@code id} (checked by the caller) to {@code converter}. */
    void add(PrimitiveConverter converter, int id) {
        switch (type) {
            case INT32:
                converter.addInt(((int[]) numbers)[id]);
                break;
            case INT64:
                converter.addLong(((long[]) numbers)[id]);
                break;
            case FLOAT:
                converter.addFloat(((float[]) numbers)[id]);
                break;
            case DOUBLE:
                converter.addDouble(((double[]) numbers)[id]);
                break;
            default:
                converter.addBinary(dictionary.decodeToBinary(id));
        }
    }
}
