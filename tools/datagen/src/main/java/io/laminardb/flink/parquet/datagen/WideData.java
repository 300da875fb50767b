package io.laminardb.flink.parquet.datagen;

import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import java.util.Set;

/**
 * The benchmark's wide table: rows of about 1 KB, eight strings of about 120 bytes, four doubles,
 * an id and a timestamp, in flat files {@code part-NNNNN.parquet}. Written as DuckDB writes such a
 * table: every column optional (nullable), the timestamp in microseconds, dictionaries for the two
 * strings with few distinct values and PLAIN from the first page for the six that are (nearly) all
 * distinct, so that reading the table decompresses about as many bytes as the rows hold.
 *
 * <pre>
 * column       type          values                                      encoding
 * id           BIGINT        unique, ascending                           plain
 * ts           TIMESTAMP(6)  ascending, whole milliseconds               plain
 * category     STRING        40 values                                   dictionary
 * region       STRING        400 values, multi-byte UTF-8                dictionary
 * user_agent   STRING        nearly all distinct                         plain
 * referrer     STRING        unique                                      plain
 * url          STRING        unique                                      plain
 * session      STRING        unique, hexadecimal                         plain
 * message      STRING        unique, multi-byte UTF-8, 2% NULL, some ''  plain
 * payload      STRING        unique                                      plain
 * price        DOUBLE        cents                                       dictionary, then plain
 * amount       DOUBLE        1% NULL                                     dictionary, then plain
 * score        DOUBLE        [0, 1)                                      plain
 * latency_ms   DOUBLE        exponential                                 plain
 * </pre>
 *
 * <p>Strings are 100 to 140 characters of words, so that Snappy compresses them about as much as
 * text. {@code ts} is strictly ascending in the id: a window on it is one run of rows ({@link
 * #middleWindow}).
 */
public final class WideData implements TimeSortedDataSet {

    /** The wide rows, for {@link DataSetGenerator}. */
    public static final WideData SPEC = new WideData();

    /** The Parquet schema of every file. */
    public static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message wide {\n"
                            + "  optional int64 id;\n"
                            + "  optional int64 ts (TIMESTAMP(MICROS,false));\n"
                            + "  optional binary category (STRING);\n"
                            + "  optional binary region (STRING);\n"
                            + "  optional binary user_agent (STRING);\n"
                            + "  optional binary referrer (STRING);\n"
                            + "  optional binary url (STRING);\n"
                            + "  optional binary session (STRING);\n"
                            + "  optional binary message (STRING);\n"
                            + "  optional binary payload (STRING);\n"
                            + "  optional double price;\n"
                            + "  optional double amount;\n"
                            + "  optional double score;\n"
                            + "  optional double latency_ms;\n"
                            + "}");

    /** 1: the wide table as first written. */
    private static final int FORMAT_VERSION = 1;

    private static final String[] WORDS = {
        "alpha",
        "bravo",
        "charlie",
        "delta",
        "echo",
        "foxtrot",
        "golf",
        "hotel",
        "india",
        "juliet",
        "kilo",
        "lima",
        "mike",
        "november",
        "oscar",
        "papa",
        "quebec",
        "romeo",
        "sierra",
        "tango",
        "uniform",
        "victor",
        "whiskey",
        "xray",
        "yankee",
        "zulu",
        "order",
        "checkout",
        "basket",
        "search",
        "product",
        "catalog",
        "account",
        "login",
        "payment",
        "invoice",
        "shipping",
        "return",
        "review",
        "rating",
        "coupon",
        "discount",
        "session",
        "device",
        "mobile",
        "desktop",
        "tablet",
        "browser",
        "service",
        "gateway",
        "cache",
        "timeout",
        "retry",
        "latency",
        "region",
        "cluster",
        "replica",
        "primary",
        "shard",
        "index",
        "query",
        "filter",
        "stream",
        "window"
    };

    /** Words outside ASCII: two-byte (Latin, Greek, Cyrillic) and three-byte (CJK) UTF-8. */
    private static final String[] WORDS_UTF8 = {
        "Zürich",
        "São-Paulo",
        "Kraków",
        "Malmö",
        "Ελλάδα",
        "Москва",
        "東京",
        "北京",
        "서울",
        "Québec",
        "Ærøskøbing",
        "İstanbul",
        "Reykjavík",
        "Łódź",
        "Nürnberg",
        "Ñuñoa"
    };

    private static final String[] CATEGORIES = pool(40, 1, false);
    private static final String[] REGIONS = pool(400, 2, true);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private WideData() {}

    @Override
    public String name() {
        return "wide";
    }

    @Override
    public int formatVersion() {
        return FORMAT_VERSION;
    }

    @Override
    public MessageType schema() {
        return SCHEMA;
    }

    @Override
    public Set<String> columnsWithoutDictionary() {
        return Set.of("user_agent", "referrer", "url", "session", "message", "payload");
    }

    @Override
    public String timeColumn() {
        return "ts";
    }

    @Override
    public long timeUnitsPerMilli() {
        return 1_000;
    }

    @Override
    public long timeMillis(long id) {
        return TimeSortedDataSet.steppedMillis(id, 3);
    }

    @Override
    public String partitionDirectory(Settings settings, int file) {
        return "";
    }

    @Override
    public RowFiller rows(Settings settings, int file) {
        // One file is written by one thread: the builder can be reused.
        StringBuilder text = new StringBuilder(160);
        return (id, row) -> fill(id, row, text);
    }

    private void fill(long id, Group row, StringBuilder text) {
        long h = DataSetGenerator.mix(id);
        long h2 = DataSetGenerator.mix(~id);
        double price = ((h >>> 8) % 100_000 + 500) / 100.0;
        row.append("id", id)
                .append("ts", timeMillis(id) * 1_000)
                .append("category", CATEGORIES[(int) (h % CATEGORIES.length)])
                .append("region", REGIONS[(int) ((h >>> 12) % REGIONS.length)])
                .append("user_agent", words(text, DataSetGenerator.mix(id * 8 + 2), "", false))
                .append(
                        "referrer",
                        words(
                                text,
                                DataSetGenerator.mix(id * 8 + 3),
                                "https://ref.example.org/" + (id * 7 + 3),
                                false))
                .append("url", url(id, text))
                .append("session", session(id, text));
        long m = (h2 >>> 20) % 50;
        if (m == 1) {
            row.append("message", "");
        } else if (m != 0) {
            row.append("message", words(text, DataSetGenerator.mix(id * 8 + 6), "", true));
        }
        row.append("payload", words(text, DataSetGenerator.mix(id * 8 + 7), "{\"id\":" + id, false))
                .append("price", price);
        if ((h2 >>> 30) % 100 != 0) {
            row.append("amount", Math.round(price * (1 + (h2 >>> 40) % 50) * 100) / 100.0);
        }
        row.append("score", (h2 >>> 11) / (double) (1L << 52))
                .append("latency_ms", -20 * StrictMath.log1p(-((h >>> 11) / (double) (1L << 52))));
    }

    private static String url(long id, StringBuilder text) {
        return words(
                text, DataSetGenerator.mix(id * 8 + 4), "https://shop.example.com/" + id, false);
    }

    /** A unique hexadecimal token of 120 characters, as random as a session id. */
    private static String session(long id, StringBuilder text) {
        text.setLength(0);
        text.append(id).append('-');
        long r = DataSetGenerator.mix(id * 8 + 5);
        int used = 0;
        while (text.length() < 120) {
            if (used == 15) {
                r = DataSetGenerator.mix(r);
                used = 0;
            }
            text.append(HEX[(int) (r & 15)]);
            r >>>= 4;
            used++;
        }
        return text.toString();
    }

    /**
     * A string of 100 to 140 characters: {@code prefix}, then words chosen by {@code seed} (with
     * words outside ASCII if {@code utf8}), cut to its length.
     */
    private static String words(StringBuilder text, long seed, String prefix, boolean utf8) {
        text.setLength(0);
        text.append(prefix);
        long r = seed;
        int length = 100 + (int) (r % 41);
        r = DataSetGenerator.mix(r);
        int used = 0;
        while (text.length() < length) {
            if (used == 8) {
                r = DataSetGenerator.mix(r);
                used = 0;
            }
            int pick = (int) (r & 63);
            r >>>= 7;
            used++;
            if (text.length() > 0) {
                text.append(' ');
            }
            if (utf8 && pick < 12) {
                text.append(WORDS_UTF8[pick]);
            } else {
                text.append(WORDS[pick]);
            }
        }
        text.setLength(length);
        return text.toString();
    }

    /** {@code n} distinct strings for a dictionary column; distinct by their numbered prefix. */
    private static String[] pool(int n, int column, boolean utf8) {
        String[] values = new String[n];
        StringBuilder text = new StringBuilder(160);
        for (int i = 0; i < n; i++) {
            values[i] =
                    words(text, DataSetGenerator.mix(column * 1_000_003L + i), "v" + i + ":", utf8);
        }
        return values;
    }
}
