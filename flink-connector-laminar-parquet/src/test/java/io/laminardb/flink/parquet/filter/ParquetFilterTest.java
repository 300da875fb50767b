package io.laminardb.flink.parquet.filter;

import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import static io.laminardb.flink.parquet.filter.ParquetFilter.and;
import static io.laminardb.flink.parquet.filter.ParquetFilter.between;
import static io.laminardb.flink.parquet.filter.ParquetFilter.eq;
import static io.laminardb.flink.parquet.filter.ParquetFilter.gt;
import static io.laminardb.flink.parquet.filter.ParquetFilter.gte;
import static io.laminardb.flink.parquet.filter.ParquetFilter.in;
import static io.laminardb.flink.parquet.filter.ParquetFilter.isNotNull;
import static io.laminardb.flink.parquet.filter.ParquetFilter.isNull;
import static io.laminardb.flink.parquet.filter.ParquetFilter.lt;
import static io.laminardb.flink.parquet.filter.ParquetFilter.lte;
import static io.laminardb.flink.parquet.filter.ParquetFilter.not;
import static io.laminardb.flink.parquet.filter.ParquetFilter.notEq;
import static io.laminardb.flink.parquet.filter.ParquetFilter.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParquetFilterTest {

    static final RowType TRADES =
            RowType.of(
                    new org.apache.flink.table.types.logical.LogicalType[] {
                        new BigIntType(),
                        new VarCharType(VarCharType.MAX_LENGTH),
                        new DoubleType(),
                        new DecimalType(10, 2),
                        new TimestampType(3),
                        new LocalZonedTimestampType(6),
                        new DateType(),
                        new BooleanType(),
                        new ArrayType(new IntType()),
                        new VarCharType(VarCharType.MAX_LENGTH)
                    },
                    new String[] {
                        "id", "symbol", "price", "amount", "ts", "ts_ltz", "day", "flag", "tags",
                        "note"
                    });

    @Test
    void toStringReadsLikeSql() {
        ParquetFilter filter =
                and(
                        gte("price", 10.0),
                        eq("symbol", "AAPL"),
                        or(isNull("note"), in("venue", "XNAS", "XNYS")),
                        not(
                                between(
                                        "ts",
                                        LocalDateTime.parse("2024-01-01T00:00"),
                                        LocalDateTime.parse("2024-01-02T00:00"))));
        // The example in ParquetFilter's Javadoc.
        assertThat(filter)
                .hasToString(
                        "(price >= 10.0 AND symbol = 'AAPL' AND (note IS NULL OR venue IN"
                                + " ('XNAS', 'XNYS')) AND NOT (ts BETWEEN TIMESTAMP '2024-01-01"
                                + " 00:00:00' AND TIMESTAMP '2024-01-02 00:00:00'))");
        assertThat(not(and(eq("a", 1), eq("b", 2)))).hasToString("NOT (a = 1 AND b = 2)");
        assertThat(notEq("my col", 1)).hasToString("`my col` <> 1");
        assertThat(lt("a`b", 1)).hasToString("`a``b` < 1");
        assertThat(lte("x.y", new BigDecimal("1.5"))).hasToString("`x.y` <= DECIMAL '1.5'");
        assertThat(isNotNull("n")).hasToString("n IS NOT NULL");
        assertThat(gt("d", LocalDate.of(2024, 2, 29))).hasToString("d > DATE '2024-02-29'");
    }

    @Test
    void andAndOrAreNaryAndFlatten() {
        ParquetFilter a = eq("a", 1);
        ParquetFilter b = eq("b", 2);
        ParquetFilter c = eq("c", 3);
        assertThat(and(and(a, b), c)).isEqualTo(and(a, b, c));
        assertThat(((ParquetFilter.And) and(and(a, b), c)).children()).containsExactly(a, b, c);
        assertThat(or(a, or(b, c))).isEqualTo(or(List.of(a, b, c)));
        assertThat(and(a)).isSameAs(a);
        assertThat(or(a)).isSameAs(a);
        assertThat(and(or(a, b), c).toString()).isEqualTo("((a = 1 OR b = 2) AND c = 3)");
        assertThatThrownBy(() -> and()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> or(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> and(a, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void factoriesCheckArguments() {
        assertThatThrownBy(() -> eq("", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> eq((String) null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> in("a", new long[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one value");
        assertThatThrownBy(() -> ParquetFilter.eq("a", (FilterValue) null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void overloadsMakeTheMatchingLiterals() {
        assertThat(eq("a", 1)).isEqualTo(eq("a", FilterValue.int64(1)));
        assertThat(eq("a", 1L)).isEqualTo(eq("a", FilterValue.int64(1)));
        assertThat(eq("a", 1.0)).isEqualTo(eq("a", FilterValue.float64(1)));
        assertThat(eq("a", true)).isEqualTo(eq("a", FilterValue.bool(true)));
        assertThat(eq("a", Instant.EPOCH))
                .isEqualTo(eq("a", FilterValue.timestamp(LocalDateTime.parse("1970-01-01T00:00"))));
        assertThat(in("a", 1, 2)).isEqualTo(in("a", FilterValue.int64(1), FilterValue.int64(2)));
        assertThat(in("a", 1.5, 2.5).toString()).isEqualTo("a IN (1.5, 2.5)");
        assertThat(between("a", 1, 2))
                .isEqualTo(between("a", FilterValue.int64(1), FilterValue.int64(2)));
    }

    @Test
    void equalsHashCodeAndSerialization() throws Exception {
        ParquetFilter filter =
                and(
                        gte("price", 10.0),
                        or(isNull("note"), in("symbol", "A", "B")),
                        not(between("id", 1, 5)),
                        isNotNull("flag"),
                        notEq("amount", new BigDecimal("1.25")));
        ParquetFilter same =
                and(
                        gte("price", 10.0),
                        or(isNull("note"), in("symbol", "A", "B")),
                        not(between("id", 1, 5)),
                        isNotNull("flag"),
                        notEq("amount", new BigDecimal("1.25")));
        assertThat(filter).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(filter).isNotEqualTo(or(((ParquetFilter.And) filter).children()));
        assertThat(isNull("a")).isNotEqualTo(isNotNull("a"));
        ParquetFilter copy =
                InstantiationUtil.deserializeObject(
                        InstantiationUtil.serializeObject(filter), getClass().getClassLoader());
        assertThat(copy).isEqualTo(filter).hasToString(filter.toString());
    }

    @Test
    void referencedColumnsInOrder() {
        assertThat(
                        and(eq("b", 1), or(isNull("a"), gt("b", 2)), not(in("c", 1)))
                                .referencedColumns())
                .containsExactly("b", "a", "c");
    }

    @Test
    void visitorSeesEveryKind() {
        ParquetFilter filter =
                and(
                        eq("a", 1),
                        or(isNull("a"), isNotNull("a")),
                        not(between("a", 1, 2)),
                        in("a", 1));
        StringBuilder kinds = new StringBuilder();
        filter.accept(
                new ParquetFilter.Visitor<Void>() {
                    @Override
                    public Void visit(ParquetFilter.Comparison comparison) {
                        kinds.append("cmp ");
                        return null;
                    }

                    @Override
                    public Void visit(ParquetFilter.Between between) {
                        kinds.append("between ");
                        return null;
                    }

                    @Override
                    public Void visit(ParquetFilter.In in) {
                        kinds.append("in ");
                        return null;
                    }

                    @Override
                    public Void visit(ParquetFilter.And and) {
                        kinds.append("and ");
                        and.children().forEach(c -> c.accept(this));
                        return null;
                    }

                    @Override
                    public Void visit(ParquetFilter.Or or) {
                        kinds.append("or ");
                        or.children().forEach(c -> c.accept(this));
                        return null;
                    }

                    @Override
                    public Void visit(ParquetFilter.Not not) {
                        kinds.append("not ");
                        return not.child().accept(this);
                    }

                    @Override
                    public Void visit(ParquetFilter.IsNull isNull) {
                        kinds.append("null ");
                        return null;
                    }

                    @Override
                    public Void visit(ParquetFilter.IsNotNull isNotNull) {
                        kinds.append("notnull ");
                        return null;
                    }
                });
        assertThat(kinds.toString().trim()).isEqualTo("and cmp or null notnull not between in");
    }

    // ------------------------------------------------------------------------------------------
    // Validation
    // ------------------------------------------------------------------------------------------

    @Test
    void validFiltersPass() {
        and(
                        eq("id", 1),
                        gt("id", 2.5),
                        lt("id", new BigDecimal("1e30")),
                        eq("price", 1),
                        eq("amount", 1.5),
                        eq("symbol", "AAPL"),
                        gte("ts", LocalDateTime.parse("2024-01-01T00:00")),
                        gte("ts", LocalDate.of(2024, 1, 1)),
                        gte("ts_ltz", Instant.parse("2024-01-01T00:00:00Z")),
                        eq("day", LocalDate.of(2024, 1, 1)),
                        eq("flag", true),
                        isNull("tags"),
                        isNotNull("tags"))
                .validate(TRADES);
    }

    @Test
    void unknownColumnIsNamed() {
        assertThatThrownBy(() -> eq("nope", 1).validate(TRADES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nope'")
                .hasMessageContaining("does not exist")
                .hasMessageContaining("nope = 1")
                .hasMessageContaining("[id, symbol, price");
        assertThatThrownBy(() -> isNull("Symbol").validate(TRADES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("did you mean 'symbol'?");
    }

    @Test
    void incomparableLiteralNamesColumnAndBothTypes() {
        assertThatThrownBy(() -> and(eq("id", 1), eq("id", "AAPL")).validate(TRADES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'AAPL' (utf8)")
                .hasMessageContaining("column 'id' of type BIGINT")
                .hasMessageContaining("id = 'AAPL'")
                .hasMessageContaining("fit CHAR and VARCHAR");
        assertThatThrownBy(() -> gt("symbol", 1).validate(TRADES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'symbol' of type STRING");
        assertThatThrownBy(() -> eq("flag", 1).validate(TRADES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BOOLEAN");
        assertThatThrownBy(() -> eq("ts_ltz", LocalDate.of(2024, 1, 1)).validate(TRADES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TIMESTAMP_LTZ(6)")
                .hasMessageContaining("needs a timestamp literal");
        assertThatThrownBy(
                        () -> eq("day", LocalDateTime.parse("2024-01-01T00:00")).validate(TRADES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'day' of type DATE");
        assertThatThrownBy(
                        () ->
                                in("id", FilterValue.int64(1), FilterValue.bool(true))
                                        .validate(TRADES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TRUE (bool)");
        assertThatThrownBy(
                        () ->
                                between("price", FilterValue.float64(1), FilterValue.utf8("x"))
                                        .validate(TRADES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DOUBLE");
        assertThatThrownBy(() -> eq("tags", 1).validate(TRADES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ARRAY<INT>");
    }
}
