package io.laminardb.flink.parquet.reader;

import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.columnar.vector.BytesColumnVector;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Values of a {@link BatchBytes} vector: copied, referred to in a dictionary, and mixed. */
class BatchBytesTest {

    private static final byte[] DICTIONARY = "aaabbbbbccc€".getBytes(StandardCharsets.UTF_8);

    @Test
    void dictionaryEntriesAreReferredToWithoutCopying() {
        BatchBytes vector = new BatchBytes(4, 0);
        vector.appendDictionaryEntry(0, DICTIONARY, 3, 5);
        vector.setNullAt(1);
        vector.appendDictionaryEntry(2, DICTIONARY, 0, 3);
        vector.appendDictionaryEntry(3, DICTIONARY, 8, 0);
        assertThat(vector.buffer).isSameAs(DICTIONARY);
        assertThat(vector.bytesUsed()).isZero();
        assertThat(text(vector, 0)).isEqualTo("bbbbb");
        assertThat(vector.isNullAt(1)).isTrue();
        assertThat(text(vector, 2)).isEqualTo("aaa");
        assertThat(text(vector, 3)).isEmpty();
    }

    @Test
    void plainValueAfterDictionaryEntriesCopiesThemFirst() {
        BatchBytes vector = new BatchBytes(5, 0);
        vector.appendDictionaryEntry(0, DICTIONARY, 3, 5);
        vector.appendDictionaryEntry(1, DICTIONARY, 8, 6);
        byte[] page = "xx hello €".getBytes(StandardCharsets.UTF_8);
        vector.append(2, page, 3, page.length - 3);
        page[3] = 'J'; // the page's buffer is reused: the vector has its own copy
        vector.appendDictionaryEntry(3, DICTIONARY, 0, 3);
        vector.append(4, page, 0, 0);
        assertThat(vector.buffer).isNotSameAs(DICTIONARY);
        assertThat(text(vector, 0)).isEqualTo("bbbbb");
        assertThat(text(vector, 1)).isEqualTo("ccc€");
        assertThat(text(vector, 2)).isEqualTo("hello €");
        assertThat(text(vector, 3)).isEqualTo("aaa");
        assertThat(text(vector, 4)).isEmpty();
    }

    @Test
    void growsBeyondItsFirstGuess() {
        BatchBytes vector = new BatchBytes(1_000, 16);
        byte[] value = new byte[257];
        for (int row = 0; row < 1_000; row++) {
            value[0] = (byte) row;
            value[256] = (byte) (row * 7);
            vector.append(row, value, 0, value.length);
        }
        assertThat(vector.bytesUsed()).isEqualTo(257_000);
        for (int row = 0; row < 1_000; row++) {
            BytesColumnVector.Bytes bytes = vector.getBytes(row);
            assertThat(bytes.len).isEqualTo(257);
            assertThat(bytes.data[bytes.offset]).isEqualTo((byte) row);
            assertThat(bytes.data[bytes.offset + 256]).isEqualTo((byte) (row * 7));
        }
    }

    @Test
    void dictionaryOfAnotherChunkIsCopied() {
        BatchBytes vector = new BatchBytes(2, 0);
        byte[] other = "zz".getBytes(StandardCharsets.UTF_8);
        vector.appendDictionaryEntry(0, DICTIONARY, 0, 3);
        vector.appendDictionaryEntry(1, other, 0, 2);
        assertThat(text(vector, 0)).isEqualTo("aaa");
        assertThat(text(vector, 1)).isEqualTo("zz");
    }

    @Test
    void aResetVectorKeepsItsArrayAndNeverWritesIntoADictionary() {
        BatchBytes vector = new BatchBytes(3, 0);
        byte[] page = "hello world".getBytes(StandardCharsets.UTF_8);
        vector.append(0, page, 0, 5);
        byte[] own = vector.ownArray();
        assertThat(vector.buffer).isSameAs(own);

        // A pooled batch comes back: the next batch refers to a dictionary...
        vector.reset();
        byte[] dictionary = DICTIONARY.clone();
        vector.appendDictionaryEntry(0, dictionary, 0, 3);
        vector.appendDictionaryEntry(1, dictionary, 3, 5);
        assertThat(vector.buffer).isSameAs(dictionary);

        // ...and the one after copies PLAIN values, into its own array, not the dictionary.
        vector.reset();
        assertThat(vector.buffer).isSameAs(own);
        vector.append(0, page, 6, 5);
        vector.append(1, page, 0, 5);
        assertThat(dictionary).isEqualTo(DICTIONARY);
        assertThat(vector.buffer).isSameAs(own);
        assertThat(text(vector, 0)).isEqualTo("world");
        assertThat(text(vector, 1)).isEqualTo("hello");

        // A dictionary batch followed by a PLAIN value copies the entries into its own array.
        vector.reset();
        vector.appendDictionaryEntry(0, dictionary, 0, 3);
        vector.append(1, page, 0, 2);
        assertThat(dictionary).isEqualTo(DICTIONARY);
        assertThat(vector.buffer).isSameAs(own);
        assertThat(text(vector, 0)).isEqualTo("aaa");
        assertThat(text(vector, 1)).isEqualTo("he");
    }

    @Test
    void rowsOfOneDictionaryEntryShareItsString() {
        DictionaryStrings entries =
                new DictionaryStrings(DICTIONARY, new int[] {0, 3, 8, 14}, 1000, true);
        assertThat(entries.sharesStrings()).isTrue();
        assertThat(
                        new DictionaryStrings(DICTIONARY, new int[] {0, 3, 8, 14}, 1000, false)
                                .sharesStrings())
                .as("no strings for a sink that does not hand them out")
                .isFalse();
        assertThat(
                        new DictionaryStrings(DICTIONARY, new int[] {0, 3, 8, 14}, 11, true)
                                .sharesStrings())
                .as("3 entries for 11 values: most used once")
                .isFalse();
        BatchBytes vector = new BatchBytes(5, 0);
        vector.appendDictionaryEntries(0, entries, new int[] {1}, 0, 1, true);
        vector.setNullAt(1);
        vector.appendDictionaryEntries(2, entries, new int[] {0}, 0, 1, true);
        vector.appendDictionaryEntries(3, entries, new int[] {1}, 0, 1, true);
        vector.appendDictionaryEntries(4, entries, new int[] {2}, 0, 1, true);
        assertThat(vector.buffer).isSameAs(DICTIONARY);
        assertThat(text(vector, 0)).isEqualTo("bbbbb");
        assertThat(text(vector, 2)).isEqualTo("aaa");
        assertThat(text(vector, 4)).isEqualTo("ccc€");
        assertThat(vector.getString(3)).isSameAs(vector.getString(0));

        // many rows in one call, from the middle of the ids
        BatchBytes bulk = new BatchBytes(4, 0);
        bulk.appendDictionaryEntries(0, entries, new int[] {9, 2, 0, 2, 1}, 1, 4, true);
        assertThat(bulk.buffer).isSameAs(DICTIONARY);
        assertThat(text(bulk, 0)).isEqualTo("ccc€");
        assertThat(text(bulk, 1)).isEqualTo("aaa");
        assertThat(text(bulk, 3)).isEqualTo("bbbbb");
        assertThat(bulk.getString(2)).isSameAs(bulk.getString(0));
        BatchBytes unshared = new BatchBytes(2, 0);
        unshared.appendDictionaryEntries(0, entries, new int[] {2, 2}, 0, 2, false);
        assertThat(text(unshared, 1)).isEqualTo("ccc€");
        assertThat(unshared.getString(1)).isNotSameAs(unshared.getString(0));

        // a PLAIN value after them: the entries are copied, the strings read the copy
        BatchBytes mixed = new BatchBytes(3, 0);
        mixed.appendDictionaryEntries(0, entries, new int[] {2}, 0, 1, true);
        byte[] page = "plain".getBytes(StandardCharsets.UTF_8);
        mixed.append(1, page, 0, page.length);
        mixed.appendDictionaryEntries(2, entries, new int[] {0}, 0, 1, true);
        assertThat(text(mixed, 0)).isEqualTo("ccc€");
        assertThat(text(mixed, 1)).isEqualTo("plain");
        assertThat(text(mixed, 2)).isEqualTo("aaa");

        // reused for a batch of copied values: no string of the last batch is handed out
        vector.reset();
        vector.append(0, page, 0, page.length);
        assertThat(text(vector, 0)).isEqualTo("plain");
        vector.reset();
        vector.appendDictionaryEntry(0, DICTIONARY, 8, 6);
        assertThat(text(vector, 0)).isEqualTo("ccc€");
    }

    @Test
    void stringsStayRightWhenTheArrayChanges() {
        BatchBytes vector = new BatchBytes(3, 16);
        vector.appendDictionaryEntry(0, DICTIONARY, 3, 5);
        assertThat(text(vector, 0)).isEqualTo("bbbbb"); // a string over the dictionary
        byte[] big = new byte[100]; // more than the first guess: the array grows
        java.util.Arrays.fill(big, (byte) 'q');
        vector.append(1, big, 0, big.length);
        vector.append(2, DICTIONARY, 0, 3);
        assertThat(vector.buffer).isNotSameAs(DICTIONARY);
        assertThat(text(vector, 0)).isEqualTo("bbbbb");
        assertThat(text(vector, 1)).isEqualTo("q".repeat(100));
        assertThat(text(vector, 2)).isEqualTo("aaa");
    }

    /**
     * Row {@code row} as text, read both ways: through {@code getBytes}, and as the {@code
     * StringData} {@code BatchRow#getString} hands out, which must equal (and hash as) the string
     * made of those bytes.
     */
    @Test
    void aSpanOfValuesIsCopiedAtOnceAfterTheEntriesItFollows() {
        // a PLAIN page: each value after its 4-byte length (here, any 4 bytes)
        byte[] page = "....xx####hello@@@@".getBytes(StandardCharsets.UTF_8);
        BatchBytes vector = new BatchBytes(4, 4); // a first guess too small: the array grows
        vector.appendDictionaryEntry(0, DICTIONARY, 3, 5);
        vector.appendSpan(1, page, new int[] {4, 10, 19}, new int[] {2, 5, 0}, 3, 0, 19);
        assertThat(vector.buffer).isNotSameAs(DICTIONARY);
        assertThat(text(vector, 0)).isEqualTo("bbbbb");
        assertThat(text(vector, 1)).isEqualTo("xx");
        assertThat(text(vector, 2)).isEqualTo("hello");
        assertThat(text(vector, 3)).isEmpty();
        assertThat(vector.bytesUsed()).isEqualTo(5 + 19);
    }

    private static String text(BatchBytes vector, int row) {
        BytesColumnVector.Bytes bytes = vector.getBytes(row);
        String text = new String(bytes.data, bytes.offset, bytes.len, StandardCharsets.UTF_8);
        StringData string = vector.getString(row);
        StringData expected = StringData.fromBytes(bytes.data, bytes.offset, bytes.len);
        assertThat(string.toString()).isEqualTo(text);
        assertThat(string).isEqualTo(expected);
        assertThat(string.hashCode()).isEqualTo(expected.hashCode());
        return text;
    }
}
