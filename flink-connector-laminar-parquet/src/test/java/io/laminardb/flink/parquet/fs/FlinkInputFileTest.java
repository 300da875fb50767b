package io.laminardb.flink.parquet.fs;

import org.apache.flink.core.fs.Path;

import org.apache.parquet.io.SeekableInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storage I/O counting of {@link FlinkInputFile}: requests at opens and seeks, bytes by run.
 */
class FlinkInputFileTest {

    @TempDir java.nio.file.Path dir;

    private static final class Counts implements FlinkInputFile.IoCounter {
        long requests;
        long bytes;

        @Override
        public void requests(long count) {
            requests += count;
        }

        @Override
        public void bytesRead(long bytes) {
            this.bytes += bytes;
        }
    }

    @Test
    void countsOpensSeeksToAnotherPositionAndTheBytesOfEachRun() throws Exception {
        java.nio.file.Path file = dir.resolve("f.bin");
        Files.write(file, new byte[1000]);
        Counts counts = new Counts();
        FlinkInputFile input =
                new FlinkInputFile(new Path(file.toUri()), 1000, StorageSettings.CLUSTER, counts);
        try (SeekableInputStream in = input.newStream()) {
            assertThat(counts.requests).isEqualTo(1); // the open
            in.seek(10);
            in.readFully(new byte[5]);
            in.seek(15); // where the stream is: no request
            in.readFully(new byte[20]);
            in.seek(900);
            in.readFully(new byte[100]);
            assertThat(counts.requests).isEqualTo(3);
            assertThat(counts.bytes).isEqualTo(25); // the run 10..35; 900..1000 not yet
        }
        assertThat(counts.requests).isEqualTo(3);
        assertThat(counts.bytes).isEqualTo(125);
    }
}
