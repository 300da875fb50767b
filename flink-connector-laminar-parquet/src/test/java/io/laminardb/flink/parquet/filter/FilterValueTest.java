package io.laminardb.flink.parquet.filter;

import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterValueTest {

    @Test
    void factoriesSetKindAndValue() {
        assertThat(FilterValue.int64(42).kind()).isEqualTo(FilterValue.Kind.INT64);
        assertThat(FilterValue.int64(42).asLong()).isEqualTo(42L);
        assertThat(FilterValue.float64(2.5).asDouble()).isEqualTo(2.5);
        assertThat(FilterValue.utf8("AAPL").asString()).isEqualTo("AAPL");
        assertThat(FilterValue.bool(true).asBoolean()).isTrue();
        assertThat(FilterValue.date(LocalDate.of(2024, 1, 31)).asDate())
                .isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(FilterValue.decimal(new BigDecimal("12.50")).asDecimal())
                .isEqualTo(new BigDecimal("12.50"));
        assertThat(FilterValue.int64(1).isNumeric()).isTrue();
        assertThat(FilterValue.utf8("1").isNumeric()).isFalse();
    }

    @Test
    void timestampsFromInstantsAreTheirUtcWallClock() {
        Instant instant = Instant.parse("2024-01-31T09:30:00.123456789Z");
        FilterValue v = FilterValue.timestamp(instant);
        assertThat(v.asTimestamp()).isEqualTo(LocalDateTime.parse("2024-01-31T09:30:00.123456789"));
        assertThat(v.asInstant()).isEqualTo(instant);
        assertThat(v).isEqualTo(FilterValue.timestamp(v.asTimestamp()));
        assertThatThrownBy(() -> FilterValue.timestamp(Instant.MIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the range");
    }

    @Test
    void accessorOfAnotherKindFails() {
        assertThatThrownBy(() -> FilterValue.int64(1).asString())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("INT64")
                .hasMessageContaining("UTF8");
    }

    @Test
    void nullsAndInvalidStringsAreRejected() {
        assertThatThrownBy(() -> FilterValue.utf8(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> FilterValue.date(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> FilterValue.decimal(null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> FilterValue.utf8("a\uD83Db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate at index 1");
        assertThat(FilterValue.utf8("a😀b").asString()).isEqualTo("a😀b");
    }

    @Test
    void equalityIsByKindAndRepresentation() {
        assertThat(FilterValue.float64(Double.NaN)).isEqualTo(FilterValue.float64(Double.NaN));
        assertThat(FilterValue.float64(Double.NaN).hashCode())
                .isEqualTo(FilterValue.float64(Double.NaN).hashCode());
        assertThat(FilterValue.float64(0.0)).isNotEqualTo(FilterValue.float64(-0.0));
        assertThat(FilterValue.decimal(new BigDecimal("1.0")))
                .isNotEqualTo(FilterValue.decimal(new BigDecimal("1.00")));
        assertThat(FilterValue.int64(1)).isNotEqualTo(FilterValue.float64(1.0));
        assertThat(FilterValue.int64(1)).isNotEqualTo(FilterValue.decimal(BigDecimal.ONE));
        assertThat(FilterValue.utf8("a")).isEqualTo(FilterValue.utf8("a"));
    }

    @Test
    void toStringIsSqlLike() {
        assertThat(FilterValue.int64(-42)).hasToString("-42");
        assertThat(FilterValue.float64(2.5)).hasToString("2.5");
        assertThat(FilterValue.float64(Double.NaN)).hasToString("NaN");
        assertThat(FilterValue.float64(Double.NEGATIVE_INFINITY)).hasToString("-Infinity");
        assertThat(FilterValue.utf8("it's")).hasToString("'it''s'");
        assertThat(FilterValue.bool(false)).hasToString("FALSE");
        assertThat(FilterValue.date(LocalDate.of(2024, 1, 31))).hasToString("DATE '2024-01-31'");
        assertThat(FilterValue.timestamp(LocalDateTime.parse("2024-01-31T09:30")))
                .hasToString("TIMESTAMP '2024-01-31 09:30:00'");
        assertThat(FilterValue.timestamp(LocalDateTime.parse("2024-01-31T09:30:00.000001")))
                .hasToString("TIMESTAMP '2024-01-31 09:30:00.000001'");
        assertThat(FilterValue.decimal(new BigDecimal("1.50"))).hasToString("DECIMAL '1.50'");
        assertThat(FilterValue.decimal(new BigDecimal("1E+999999999")))
                .hasToString("DECIMAL '1E+999999999'");
    }

    @Test
    void serializes() throws Exception {
        for (FilterValue v :
                new FilterValue[] {
                    FilterValue.int64(1),
                    FilterValue.float64(Double.NaN),
                    FilterValue.utf8("é😀"),
                    FilterValue.bool(true),
                    FilterValue.date(LocalDate.MIN),
                    FilterValue.timestamp(LocalDateTime.parse("1969-12-31T23:59:59.999999999")),
                    FilterValue.decimal(new BigDecimal("-123.456"))
                }) {
            FilterValue copy =
                    InstantiationUtil.deserializeObject(
                            InstantiationUtil.serializeObject(v), getClass().getClassLoader());
            assertThat(copy).isEqualTo(v);
        }
    }
}
