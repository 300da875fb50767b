package io.laminardb.flink.parquet.testutils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Writes trade files ({@link TradeFiles}) into a directory a continuous source watches, the ways
 * writers do: renamed into place from a hidden name, or written slowly in place.
 */
public final class ArrivingFiles {

    private final Path root;

    public ArrivingFiles(Path root) {
        this.root = root;
    }

    /** Writes the file under a hidden name beside its place, then renames it into place. */
    public Path renameIntoPlace(String relative, long firstId, long rows) throws IOException {
        Path target = root.resolve(relative);
        Path hidden = target.resolveSibling("." + target.getFileName() + ".inprogress");
        TradeFiles.write(hidden, firstId, rows, (int) Math.max(1, rows / 3));
        return Files.move(hidden, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Writes the file in place in two steps: its first half (no footer yet), then, after {@code
     * pauseMillis}, all of it.
     */
    public Path writeSlowlyInPlace(String relative, long firstId, long rows, long pauseMillis)
            throws IOException, InterruptedException {
        Path target = root.resolve(relative);
        Path scratch = Files.createTempFile("arriving", ".parquet");
        Files.delete(scratch);
        TradeFiles.write(scratch, firstId, rows, (int) Math.max(1, rows / 3));
        byte[] bytes = Files.readAllBytes(scratch);
        Files.delete(scratch);
        Files.createDirectories(target.getParent());
        Files.write(target, Arrays.copyOf(bytes, bytes.length / 2));
        Thread.sleep(pauseMillis);
        Files.write(target, bytes);
        return target;
    }
}
