package io.laminardb.flink.parquet.datagen;

import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.MessageType;

import java.util.Set;

/**
 * A data set that {@link DataSetGenerator} writes: its name, schema, partition directories and
 * rows. Every value must be a function of the settings, the file and the row id alone, so that the
 * same settings always write the same files.
 */
public interface DataSetSpec {

    /**
     * The data set's name, recorded in the generator's marker: a directory holding another data set
     * is never reused for this one.
     */
    String name();

    /**
     * The version of what this writes for given settings, recorded in the generator's marker. Bump
     * it whenever the schema, a partition directory or any value changes, so that data sets written
     * before are written again rather than reused.
     */
    int formatVersion();

    /** The Parquet schema of every file. */
    MessageType schema();

    /**
     * The columns written without a dictionary (PLAIN from the first page), as a writer that sees
     * their values are nearly all distinct would; every other column starts with a dictionary and
     * falls back to PLAIN when it grows past the dictionary page size.
     */
    default Set<String> columnsWithoutDictionary() {
        return Set.of();
    }

    /**
     * The Hive partition directory of file {@code file}, such as {@code date=2024-01-02}, or the
     * empty string for a file at the top of the data set.
     */
    String partitionDirectory(Settings settings, int file);

    /**
     * The rows of file {@code file}, ids {@code settings.firstId(file)} (inclusive) to {@code
     * settings.firstId(file + 1)} (exclusive), in ascending order. Called once per file, on the
     * thread that writes it.
     */
    RowFiller rows(Settings settings, int file);

    /** Sets the fields of one row of a file, the row with id {@code id}. */
    @FunctionalInterface
    interface RowFiller {
        void fill(long id, Group row);
    }
}
