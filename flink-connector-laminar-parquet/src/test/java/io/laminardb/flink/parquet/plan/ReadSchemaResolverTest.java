package io.laminardb.flink.parquet.plan;

import io.laminardb.flink.parquet.partition.PartitionConflict;
import io.laminardb.flink.parquet.partition.PartitionDeclarations;
import io.laminardb.flink.parquet.schema.UnsupportedSchemaException;
import io.laminardb.flink.parquet.testutils.TradeFiles;

import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.VarCharType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a source reads: schema, partition columns, projection, filter-only columns, checks. */
class ReadSchemaResolverTest {

    @TempDir Path dir;

    private static final PartitionDeclarations NONE = PartitionDeclarations.of(Map.of());

    @Test
    void takesTheSchemaOfTheFirstNonEmptyFile() throws IOException {
        Files.createFile(dir.resolve("a-empty.parquet"));
        TradeFiles.write(dir.resolve("b.parquet"), 0, 10, 10);

        ReadSchemaResolver resolver = new ReadSchemaResolver(dir.toString(), false, null, NONE);

        assertThat(resolver.columns().getFieldNames())
                .containsExactly("id", "ts", "symbol", "price", "qty", "note");
        ReadColumns read = resolver.select(List.of("PRICE", "id"), Set.of(), null);
        assertThat(read.producedType().getFieldNames()).containsExactly("price", "id");
        assertThat(read.partitionNames()).isEmpty();
    }

    @Test
    void failsWithoutAFileToTakeTheSchemaFrom() throws IOException {
        Files.createFile(dir.resolve("empty.parquet"));

        assertThatThrownBy(() -> new ReadSchemaResolver(dir.toString(), true, null, NONE).columns())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No Parquet file found at " + dir)
                .hasMessageContaining("rowType");
    }

    @Test
    void infersPartitionTypesFromEveryValueUnlessDeclared() throws IOException {
        TradeFiles.write(dir.resolve("year=2023/region=eu/a.parquet"), 0, 10, 10);
        TradeFiles.write(dir.resolve("year=2024/region=us/b.parquet"), 10, 10, 10);

        ReadSchemaResolver inferred = new ReadSchemaResolver(dir.toString(), true, null, NONE);
        ReadColumns read = inferred.select(List.of("id", "year", "region"), Set.of(), null);

        assertThat(read.partitionNames()).containsExactly("year", "region");
        assertThat(read.partitionType().getTypeAt(0)).isEqualTo(new IntType());
        assertThat(read.partitionType().getTypeAt(1)).isEqualTo(VarCharType.STRING_TYPE);
        assertThat(read.fileColumns().getFieldNames()).containsExactly("id");

        ReadSchemaResolver declared =
                new ReadSchemaResolver(
                        dir.toString(),
                        true,
                        null,
                        new PartitionDeclarations(
                                Map.of("year", new SmallIntType()),
                                false,
                                "__HIVE_DEFAULT_PARTITION__",
                                PartitionConflict.FAIL));
        RowType columns = declared.columns();
        assertThat(columns.getTypeAt(columns.getFieldIndex("year"))).isEqualTo(new SmallIntType());
        assertThat(columns.getTypeAt(columns.getFieldIndex("region")))
                .isEqualTo(VarCharType.STRING_TYPE);
    }

    @Test
    void aPartitionKeyTheDeclaredSchemaNamesIsAPartitionColumnOfThatType() throws IOException {
        TradeFiles.write(dir.resolve("day=2024-01-01/a.parquet"), 0, 10, 10);
        RowType declared = row(new String[] {"id", "day"}, new BigIntType(false), new DateType());

        ReadColumns read =
                new ReadSchemaResolver(dir.toString(), true, declared, NONE)
                        .select(null, Set.of(), null);

        assertThat(read.producedType().getFieldNames()).containsExactly("id", "day");
        assertThat(read.partitionType().getFieldNames()).containsExactly("day");
        assertThat(read.partitionType().getTypeAt(0)).isEqualTo(new DateType());
    }

    /** A declared schema that types every key needs only the first file's directories. */
    @Test
    void aDeclaredSchemaListsOnlyTheFirstFile() throws IOException {
        TradeFiles.write(dir.resolve("year=2024/a.parquet"), 0, 10, 10);
        TradeFiles.write(dir.resolve("z/b.parquet"), 10, 10, 10);
        RowType declared = row(new String[] {"id"}, new BigIntType(false));
        PartitionDeclarations year = PartitionDeclarations.of(Map.of("year", new IntType()));

        assertThat(new ReadSchemaResolver(dir.toString(), true, declared, year).columns())
                .isEqualTo(row(new String[] {"id", "year"}, new BigIntType(false), new IntType()));
        // Inferring the type reads every directory, and the layouts differ.
        assertThatThrownBy(() -> new ReadSchemaResolver(dir.toString(), true, null, NONE).columns())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Files have different Hive partition directories");
    }

    @Test
    void partitionDeclarationsAreChecked() throws IOException {
        TradeFiles.write(dir.resolve("year=2024/a.parquet"), 0, 10, 10);
        PartitionDeclarations month = PartitionDeclarations.of(Map.of("month", new IntType()));

        assertThatThrownBy(() -> new ReadSchemaResolver(dir.toString(), false, null, month))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Partition columns [month] are declared, but 'hive.partitioning' is"
                                + " false; set it to true (the default)");
        assertThatThrownBy(
                        () -> new ReadSchemaResolver(dir.toString(), true, null, month).columns())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Partition column 'month' is declared")
                .hasMessageContaining("[year]");
        assertThatThrownBy(() -> PartitionDeclarations.of(Map.of("month", new RowType(List.of()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Partition column 'month' cannot be of type ROW<>");
    }

    @Test
    void aPartitionKeyThatIsAlsoAFileColumnFailsUnlessTheFileWins() throws IOException {
        TradeFiles.write(dir.resolve("qty=1/a.parquet"), 0, 10, 10);

        assertThatThrownBy(() -> new ReadSchemaResolver(dir.toString(), true, null, NONE).columns())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Partition column 'qty'")
                .hasMessageContaining("is also a column of the files");
        PartitionDeclarations fileWins =
                new PartitionDeclarations(
                        Map.of(), true, "__HIVE_DEFAULT_PARTITION__", PartitionConflict.FILE_WINS);
        ReadColumns read =
                new ReadSchemaResolver(dir.toString(), true, null, fileWins)
                        .select(null, Set.of(), null);
        assertThat(read.partitionNames()).isEmpty();
        assertThat(read.producedType().getFieldNames()).contains("qty");
    }

    @Test
    void columnsOnlyAFilterNeedsAreReadButNotProduced() throws IOException {
        TradeFiles.write(dir.resolve("year=2024/a.parquet"), 0, 10, 10);

        ReadColumns read =
                new ReadSchemaResolver(dir.toString(), true, null, NONE)
                        .select(List.of("id"), List.of("id", "price", "year"), null);

        assertThat(read.producedType().getFieldNames()).containsExactly("id");
        assertThat(read.filterOnlyFields())
                .extracting(RowType.RowField::getName)
                .containsExactly("price", "year");
        assertThat(read.fileColumns().getFieldNames()).containsExactly("id", "price");
    }

    @Test
    void unknownColumnsAndEventTimeColumnsFail() throws IOException {
        TradeFiles.write(dir.resolve("a.parquet"), 0, 10, 10);
        ReadSchemaResolver resolver = new ReadSchemaResolver(dir.toString(), true, null, NONE);

        assertThatThrownBy(() -> resolver.select(List.of("volume"), Set.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Unknown column 'volume' in columns; the schema's columns are:"
                                + " [id, ts, symbol, price, qty, note]");
        assertThatThrownBy(() -> resolver.select(List.of("id", "symbol"), Set.of(), "ts"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown event.time.column 'ts'; the columns read are: [id, symbol]");
        assertThatThrownBy(() -> resolver.select(null, Set.of(), "price"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "event.time.column 'price' is DOUBLE NOT NULL; it must be TIMESTAMP,"
                                + " TIMESTAMP_LTZ or BIGINT");
    }

    @Test
    void theFirstFileIsCheckedAgainstTheDeclaredSchema() throws IOException {
        TradeFiles.write(dir.resolve("a.parquet"), 0, 10, 10);
        RowType declared = row(new String[] {"id", "price"}, new BigIntType(false), new IntType());

        assertThatThrownBy(
                        () ->
                                new ReadSchemaResolver(dir.toString(), true, declared, NONE)
                                        .select(List.of("price"), Set.of(), null))
                .isInstanceOf(UnsupportedSchemaException.class)
                .hasMessageContaining("Cannot read column 'price' of Parquet file")
                .hasMessageContaining("a.parquet")
                .hasMessageContaining("as the declared type INT");
        // Columns not read are not checked.
        assertThat(
                        new ReadSchemaResolver(dir.toString(), true, declared, NONE)
                                .select(List.of("id"), Set.of(), null)
                                .producedType()
                                .getFieldNames())
                .containsExactly("id");
        RowType widened =
                row(new String[] {"id", "price"}, new BigIntType(false), new DoubleType());
        assertThat(
                        new ReadSchemaResolver(dir.toString(), true, widened, NONE)
                                .select(null, Set.of(), null)
                                .fileColumns())
                .isEqualTo(widened);
    }

    private static RowType row(String[] names, LogicalType... types) {
        return RowType.of(types, names);
    }
}
