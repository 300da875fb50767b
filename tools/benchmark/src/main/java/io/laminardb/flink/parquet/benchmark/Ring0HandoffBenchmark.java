package io.laminardb.flink.parquet.benchmark;

import io.laminardb.flink.parquet.arrow.ring0.SpscRing;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

import java.util.concurrent.TimeUnit;

/**
 * The Ring 0 hand-off: one producer thread offers a batch reference to the {@link SpscRing} (what
 * {@code Ring0Writer} does per batch), one consumer thread polls it (what its consumer thread
 * does), each retrying while the ring is full or empty. The time per successful offer is the cost
 * of the channel write per batch; per row it is that divided by the batch's rows. Needs two free
 * cores to mean anything.
 *
 * <pre>tools/benchmark/run-jmh 'Ring0Handoff'</pre>
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Ring0HandoffBenchmark {

    @Param({"8", "1024"})
    int capacity;

    private SpscRing<Object> ring;
    private final Object batch = new Object();

    @Setup(Level.Iteration)
    public void setUp() {
        ring = new SpscRing<>(capacity);
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public void offer(Control control) {
        while (!ring.offer(batch) && !control.stopMeasurement) {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public Object poll(Control control) {
        Object value;
        while ((value = ring.poll()) == null && !control.stopMeasurement) {
            Thread.onSpinWait();
        }
        return value;
    }
}
