package io.laminardb.flink.parquet.benchmark;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * The rings of {@link Ring0HandoffBenchmark} on one thread: 8 offers, then 8 polls, per invocation;
 * the score is per batch (one offer and one poll). No second thread, so no cache line moves between
 * cores: the rings' own instruction cost, which a machine shared with other work still measures
 * (the two-thread hand-off needs two idle cores).
 *
 * <pre>tools/benchmark/run-jmh 'Ring0OfferPoll'</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Ring0OfferPollBenchmark {

    private static final int BURST = 8;

    @Param({"spsc-ring", "jctools", "agrona"})
    String ring;

    private Ring0HandoffBenchmark.Channel channel;
    private final Object batch = new Object();

    @Setup
    public void setUp() {
        channel = Ring0HandoffBenchmark.create(ring, BURST);
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void offerThenPoll(Blackhole bh) {
        for (int i = 0; i < BURST; i++) {
            channel.offer(batch);
        }
        for (int i = 0; i < BURST; i++) {
            bh.consume(channel.poll());
        }
    }
}
