package io.laminardb.flink.parquet.benchmark;

import io.laminardb.flink.parquet.arrow.ring0.SpscRing;

import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.jctools.queues.SpscArrayQueue;
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

import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * The Ring 0 hand-off: one producer thread offers a batch reference to the ring (what {@code
 * Ring0Writer} does per batch), one consumer thread polls it (what its consumer thread does), each
 * retrying while the ring is full or empty. The time per successful offer is the cost of the
 * channel write per batch; per row it is that divided by the batch's rows (a batch of 4096 rows
 * makes 1 ns per batch 0.00024 ns per row). {@code ring} picks the implementation: ours ({@link
 * SpscRing}), JCTools' {@link SpscArrayQueue} or Agrona's {@link OneToOneConcurrentArrayQueue},
 * each pre-allocated with {@code capacity} slots. JMH forks a JVM per parameter combination, so
 * each call site sees one implementation. Needs two free cores to mean much; compare the rings
 * within one run.
 *
 * <pre>tools/benchmark/run-jmh 'Ring0Handoff'</pre>
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "-Xms1g",
            "-Xmx1g",
            "-XX:+AlwaysPreTouch",
            // Agrona 2 reads jdk.internal.misc.Unsafe
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"
        })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Ring0HandoffBenchmark {

    /** The two operations the writer and the consumer thread use. */
    interface Channel {
        boolean offer(Object value);

        Object poll();
    }

    @Param({"spsc-ring", "jctools", "agrona"})
    String ring;

    @Param({"8", "1024"})
    int capacity;

    private Channel channel;
    private final Object batch = new Object();

    @Setup(Level.Iteration)
    public void setUp() {
        channel = create(ring, capacity);
    }

    /** A ring of the given implementation and capacity. */
    static Channel create(String ring, int capacity) {
        Channel channel;
        switch (ring) {
            case "spsc-ring":
                SpscRing<Object> ours = new SpscRing<>(capacity);
                channel =
                        new Channel() {
                            @Override
                            public boolean offer(Object value) {
                                return ours.offer(value);
                            }

                            @Override
                            public Object poll() {
                                return ours.poll();
                            }
                        };
                break;
            case "jctools":
                channel = of(new SpscArrayQueue<>(capacity));
                break;
            case "agrona":
                channel = of(new OneToOneConcurrentArrayQueue<>(capacity));
                break;
            default:
                throw new IllegalArgumentException("unknown ring " + ring);
        }
        return channel;
    }

    private static Channel of(Queue<Object> queue) {
        return new Channel() {
            @Override
            public boolean offer(Object value) {
                return queue.offer(value);
            }

            @Override
            public Object poll() {
                return queue.poll();
            }
        };
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public void offer(Control control) {
        while (!channel.offer(batch) && !control.stopMeasurement) {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public Object poll(Control control) {
        Object value;
        while ((value = channel.poll()) == null && !control.stopMeasurement) {
            Thread.onSpinWait();
        }
        return value;
    }
}
