package io.laminardb.flink.parquet.e2e;

import org.apache.flink.connector.testframe.external.ExternalSystemSplitDataWriter;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes each batch of records the suite hands it as one new Parquet file: first under a hidden
 * name ({@code .tmp-...}, which the source's discovery skips), then renamed into place, so a job
 * never sees a half-written file.
 *
 * <p>Files have two columns, {@code line} (the record's position in the file, INT64) and {@code
 * value} (the record, STRING); the source reads only {@code value}. Row groups and pages are kept
 * small so every file has several of each.
 */
final class ParquetSplitDataWriter implements ExternalSystemSplitDataWriter<String> {

    static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message record {\n"
                            + "  required int64 line;\n"
                            + "  required binary value (STRING);\n"
                            + "}");

    static final int ROW_GROUP_ROWS = 100;
    static final int PAGE_ROWS = 30;

    private final Path dir;
    private final String name;
    private int files;

    ParquetSplitDataWriter(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    @Override
    public void writeRecords(List<String> records) {
        String fileName = name + "-" + files++ + ".parquet";
        Path hidden = dir.resolve(".tmp-" + fileName);
        try {
            write(hidden, records);
            Files.move(hidden, dir.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write test file " + fileName + " in " + dir, e);
        }
    }

    private static void write(Path file, List<String> records) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(SCHEMA)
                        .withCompressionCodec(CompressionCodecName.SNAPPY)
                        .withRowGroupRowCountLimit(ROW_GROUP_ROWS)
                        .withPageRowCountLimit(PAGE_ROWS)
                        .build()) {
            long line = 0;
            for (String record : records) {
                writer.write(groups.newGroup().append("line", line++).append("value", record));
            }
        }
    }

    @Override
    public void close() {}
}
