package io.laminardb.flink.parquet.quickstart;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows how far a task is, from a counter read every few hundred milliseconds on a daemon thread: a
 * progress bar on a terminal, a line per second otherwise (logs, CI), or nothing.
 */
final class Progress implements AutoCloseable {

    /** How progress is shown. */
    enum Mode {
        /** A bar when a terminal is attached, lines otherwise. */
        AUTO,
        BAR,
        LINES,
        NONE;

        Mode resolve() {
            if (this != AUTO) {
                return this;
            }
            return System.console() != null ? BAR : LINES;
        }
    }

    private static final long BAR_INTERVAL_MILLIS = 200;
    private static final long LINE_INTERVAL_MILLIS = 1_000;

    private final String task;
    private final long total;
    private final LongSupplier done;
    private final Mode mode;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile boolean closed;
    private ProgressBar bar;

    private Progress(String task, long total, LongSupplier done, Mode mode, PrintStream out) {
        this.task = task;
        this.total = total;
        this.done = done;
        this.mode = mode.resolve();
        this.out = out;
        if (this.mode == Mode.BAR) {
            bar =
                    new ProgressBarBuilder()
                            .setTaskName(task)
                            .setInitialMax(total < 0 ? -1 : total)
                            .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                            .setUnit(" rows", 1)
                            .showSpeed()
                            .setUpdateIntervalMillis((int) BAR_INTERVAL_MILLIS)
                            .setConsumer(new ConsoleProgressBarConsumer(out))
                            .build();
        }
        this.thread = new Thread(this::run, "progress-" + task);
        this.thread.setDaemon(true);
    }

    /**
     * Starts showing the progress of {@code task}, {@code done} out of {@code total} rows ({@code
     * total} negative when not known).
     */
    static Progress start(String task, long total, LongSupplier done, Mode mode) {
        Progress progress = new Progress(task, total, done, mode, System.err);
        progress.thread.start();
        return progress;
    }

    private void run() {
        long interval = mode == Mode.LINES ? LINE_INTERVAL_MILLIS : BAR_INTERVAL_MILLIS;
        while (!closed) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            show();
        }
    }

    private synchronized void show() {
        long current = done.getAsLong();
        switch (mode) {
            case BAR:
                bar.stepTo(current);
                break;
            case LINES:
                double seconds = (System.nanoTime() - startNanos) / 1e9;
                if (total < 0) {
                    out.printf(Locale.ROOT, "  %s: %,d rows, %.1f s%n", task, current, seconds);
                } else {
                    out.printf(
                            Locale.ROOT,
                            "  %s: %,d of %,d rows (%.0f%%), %.1f s%n",
                            task,
                            current,
                            total,
                            total == 0 ? 100.0 : 100.0 * current / total,
                            seconds);
                }
                break;
            default:
                break;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (bar != null) {
                bar.stepTo(done.getAsLong());
                bar.close();
            }
        }
    }
}
