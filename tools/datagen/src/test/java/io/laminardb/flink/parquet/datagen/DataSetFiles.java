package io.laminardb.flink.parquet.datagen;

import io.laminardb.flink.parquet.datagen.DataSetGenerator.DataSet;

import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads back what {@link DataSetGenerator} wrote, with parquet-java's example Group reader. */
final class DataSetFiles {

    private DataSetFiles() {}

    /** Every row of a file, in file order. */
    static List<Group> read(Path file) throws IOException {
        List<Group> rows = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            var io = new ColumnIOFactory().getColumnIO(schema);
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records =
                        io.getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    rows.add(records.read());
                }
            }
        }
        return rows;
    }

    /**
     * A checksum of every value of the data set, in file and row order (flat schemas of INT32,
     * INT64, DOUBLE and BINARY columns): it changes when any value, row or file boundary does, and
     * not with the bytes parquet-java happens to write (its version, its page layout).
     */
    static long valueChecksum(DataSet dataSet) throws IOException {
        long sum = 17;
        for (Path file : dataSet.files()) {
            sum =
                    sum * 31
                            + dataSet.directory()
                                    .relativize(file)
                                    .toString()
                                    .replace('\\', '/')
                                    .hashCode();
            for (Group row : read(file)) {
                for (int f = 0; f < row.getType().getFieldCount(); f++) {
                    Type type = row.getType().getType(f);
                    long value;
                    if (row.getFieldRepetitionCount(f) == 0) {
                        value = 7;
                    } else {
                        switch (type.asPrimitiveType().getPrimitiveTypeName()) {
                            case INT32:
                                value = row.getInteger(f, 0);
                                break;
                            case INT64:
                                value = row.getLong(f, 0);
                                break;
                            case DOUBLE:
                                value = Double.doubleToLongBits(row.getDouble(f, 0));
                                break;
                            case BINARY:
                                value = row.getBinary(f, 0).toStringUsingUTF8().hashCode();
                                break;
                            case BOOLEAN:
                                value = row.getBoolean(f, 0) ? 1 : 2;
                                break;
                            case INT96:
                                value = java.util.Arrays.hashCode(row.getInt96(f, 0).getBytes());
                                break;
                            case FIXED_LEN_BYTE_ARRAY:
                                value = java.util.Arrays.hashCode(row.getBinary(f, 0).getBytes());
                                break;
                            default:
                                throw new IllegalArgumentException("Unexpected column " + type);
                        }
                    }
                    sum = DataSetGenerator.mix(sum * 31 + value);
                }
            }
        }
        return sum;
    }
}
