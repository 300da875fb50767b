package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.arrow.ring0.Ring0Sink;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The options of {@code 'connector' = 'arrow-ipc'} sink tables. */
@PublicEvolving
public final class ArrowIpcSinkOptions {

    private ArrowIpcSinkOptions() {}

    public static final ConfigOption<String> PATH =
            ConfigOptions.key("path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The directory the Arrow IPC stream files go into (any file system"
                                    + " Flink has). Required.");

    public static final ConfigOption<String> FILE_PREFIX =
            ConfigOptions.key("sink.file-prefix")
                    .stringType()
                    .defaultValue("part")
                    .withDescription(
                            "Committed files are named <prefix>-<subtask>-<uuid>.arrows; must not"
                                    + " be empty, start with '.' or contain '/'.");

    public static final ConfigOption<Integer> BATCH_SIZE =
            ConfigOptions.key("sink.batch-size")
                    .intType()
                    .defaultValue(4096)
                    .withDescription(
                            "Rows per Arrow record batch; a checkpoint or the end of input ends a"
                                    + " batch early. At least 1.");

    public static final ConfigOption<Integer> RING_CAPACITY =
            ConfigOptions.key("sink.ring-capacity")
                    .intType()
                    .defaultValue(Ring0Sink.DEFAULT_RING_CAPACITY)
                    .withDescription(
                            "Batches the Ring 0 ring of each subtask holds before the writer waits"
                                    + " (back-pressure). At least 1.");
}
