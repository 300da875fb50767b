package io.laminardb.flink.parquet.partition;

import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Partition values read the way Flink's planner reads them when it picks partitions. */
class HivePartitionValuesTest {

    @Test
    void timestampsAreCutToTheDeclaredPrecision() {
        assertThat(HivePartitions.toInternal("2024-01-01 10:00:00.987654", new TimestampType(3)))
                .isEqualTo(
                        TimestampData.fromLocalDateTime(
                                LocalDateTime.of(2024, 1, 1, 10, 0, 0, 987_000_000)));
        assertThat(HivePartitions.toInternal("2024-01-01 10:00:00.5", new TimestampType(0)))
                .isEqualTo(TimestampData.fromLocalDateTime(LocalDateTime.of(2024, 1, 1, 10, 0)));
        assertThat(HivePartitions.toInternal("2024-01-01T10:00:00.123456789", new TimestampType(9)))
                .isEqualTo(
                        TimestampData.fromLocalDateTime(
                                LocalDateTime.of(2024, 1, 1, 10, 0, 0, 123_456_789)));
    }

    @Test
    void datesAsIsoOrAsThePlannerAccepts() {
        assertThat(HivePartitions.toInternal("2024-01-05", new DateType()))
                .isEqualTo((int) LocalDate.of(2024, 1, 5).toEpochDay());
        assertThat(HivePartitions.toInternal("2024-1-5", new DateType()))
                .isEqualTo((int) LocalDate.of(2024, 1, 5).toEpochDay());
        assertThatThrownBy(() -> HivePartitions.toInternal("yesterday", new DateType()))
                .hasMessageContaining("'yesterday' is not a DATE value");
    }

    @Test
    void defaultPartitionNamesAreNull() {
        assertThat(HivePartitions.value("__HIVE_DEFAULT_PARTITION__", "__HIVE_DEFAULT_PARTITION__"))
                .isNull();
        assertThat(HivePartitions.value("__DEFAULT_PARTITION__", "__HIVE_DEFAULT_PARTITION__"))
                .isNull();
        // With a name of one's own, only that one.
        assertThat(HivePartitions.value("__DEFAULT_PARTITION__", "null"))
                .isEqualTo("__DEFAULT_PARTITION__");
        assertThat(HivePartitions.toInternal(HivePartitions.value("a%2Fb", "x"), new VarCharType()))
                .hasToString("a/b");
    }
}
