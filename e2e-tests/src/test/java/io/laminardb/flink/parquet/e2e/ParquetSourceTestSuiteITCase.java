package io.laminardb.flink.parquet.e2e;

import io.laminardb.flink.parquet.source.LaminarParquetSource;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RpcOptions;
import org.apache.flink.connector.testframe.environment.ClusterControllable;
import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.environment.TestEnvironment;
import org.apache.flink.connector.testframe.environment.TestEnvironmentSettings;
import org.apache.flink.connector.testframe.external.ExternalContextFactory;
import org.apache.flink.connector.testframe.external.source.DataStreamSourceExternalContext;
import org.apache.flink.connector.testframe.external.source.TestingSourceSettings;
import org.apache.flink.connector.testframe.junit.annotations.TestContext;
import org.apache.flink.connector.testframe.junit.annotations.TestEnv;
import org.apache.flink.connector.testframe.junit.annotations.TestSemantics;
import org.apache.flink.connector.testframe.testsuites.SourceTestSuiteBase;
import org.apache.flink.connector.testframe.utils.CollectIteratorAssertions;
import org.apache.flink.connector.testframe.utils.MetricQuerier;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.metrics.MetricNames;
import org.apache.flink.runtime.rest.RestClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.collect.CollectResultIterator;
import org.apache.flink.streaming.api.operators.collect.CollectSinkOperatorFactory;
import org.apache.flink.streaming.api.operators.collect.CollectStreamSink;
import org.apache.flink.streaming.util.RestartStrategyUtils;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestTemplate;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static java.util.Collections.singletonList;
import static org.apache.flink.connector.testframe.utils.MetricQuerier.getJobDetails;
import static org.apache.flink.runtime.testutils.CommonTestUtils.terminateJob;
import static org.apache.flink.runtime.testutils.CommonTestUtils.waitForAllTaskRunning;
import static org.apache.flink.runtime.testutils.CommonTestUtils.waitForJobStatus;
import static org.apache.flink.runtime.testutils.CommonTestUtils.waitUntilCondition;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flink's connector test suite ({@link SourceTestSuiteBase}) against {@link LaminarParquetSource}
 * on a MiniCluster, with a local directory of Parquet files as the external system ({@link
 * ParquetSourceExternalContext}; one file per suite "split").
 *
 * <p>The suite's three scenarios for bounded sources run unchanged: single split, multiple splits,
 * idle reader. Its other five (savepoint, scale up, scale down, metrics, TaskManager failure) ask
 * the context for a {@code CONTINUOUS_UNBOUNDED} source and either write more data after the job
 * started or need the job to keep running after all data is read. Our source is bounded only, so
 * those five are disabled here, each replaced by a bounded version that checks the same property on
 * the data present at the start:
 *
 * <ul>
 *   <li>savepoint / scale up / scale down: the job is slowed down, stopped with a savepoint in the
 *       middle of its splits, and restored (with the same, a higher or a lower parallelism); the
 *       two runs together must emit every record exactly once, in order within each file;
 *   <li>metrics: the sink holds every task at the end of its input, so the tasks are still running
 *       when {@code numRecordsIn} of the source is read through the REST API;
 *   <li>TaskManager failure: the TaskManager is killed in the middle of the split; the restarted
 *       job must resume from the checkpointed row and finish with every record exactly once.
 * </ul>
 */
public class ParquetSourceTestSuiteITCase extends SourceTestSuiteBase<String> {

    private static final String BOUNDED_ONLY =
            "Needs a CONTINUOUS_UNBOUNDED source; LaminarParquetSource is bounded only (mode"
                    + " 'continuous' is not implemented), so the context cannot create one.";

    private static final int SPLITS = 4;

    /**
     * Per record, while the test waits to stop or fail the job: with at least 200 records per
     * split, a reader needs 2 s or more for one split, and the test acts after {@link
     * #RECORDS_BEFORE_STOP} records of all readers together (a few hundred ms).
     */
    private static final long THROTTLE_MILLIS = 10;

    private static final int RECORDS_BEFORE_STOP = 100;

    private static final long TIMEOUT_SECONDS = 60;

    private static final String COLLECT_SINK_UID = "collect-sink";

    @TestEnv MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

    @TestSemantics CheckpointingMode[] semantics = {CheckpointingMode.EXACTLY_ONCE};

    @TestContext
    ExternalContextFactory<ParquetSourceExternalContext> parquetFiles =
            ParquetSourceExternalContext::new;

    // ------------------------------------------------------------------------------------------
    // The suite's scenarios that need an unbounded source
    // ------------------------------------------------------------------------------------------

    @Override
    @TestTemplate
    @Disabled(
            BOUNDED_ONLY
                    + " It also writes new files after the restore and expects the restored job to"
                    + " read them. Replaced by testSavepointMidSplit.")
    public void testSavepoint(
            TestEnvironment testEnv,
            DataStreamSourceExternalContext<String> externalContext,
            CheckpointingMode semantic) {}

    @Override
    @TestTemplate
    @Disabled(
            BOUNDED_ONLY
                    + " It also writes new files after the restore and expects the restored job to"
                    + " read them. Replaced by testScaleUpMidSplit.")
    public void testScaleUp(
            TestEnvironment testEnv,
            DataStreamSourceExternalContext<String> externalContext,
            CheckpointingMode semantic) {}

    @Override
    @TestTemplate
    @Disabled(
            BOUNDED_ONLY
                    + " It also writes new files after the restore and expects the restored job to"
                    + " read them. Replaced by testScaleDownMidSplit.")
    public void testScaleDown(
            TestEnvironment testEnv,
            DataStreamSourceExternalContext<String> externalContext,
            CheckpointingMode semantic) {}

    @Override
    @TestTemplate
    @Disabled(
            BOUNDED_ONLY
                    + " It reads the metrics of running tasks, and a bounded source's tasks end"
                    + " once the data is read. Replaced by testSourceMetricsAtEndOfInput.")
    public void testSourceMetrics(
            TestEnvironment testEnv,
            DataStreamSourceExternalContext<String> externalContext,
            CheckpointingMode semantic) {}

    @Override
    @TestTemplate
    @Disabled(
            BOUNDED_ONLY
                    + " It writes a second file after the failover and expects the running job to"
                    + " read it. Replaced by testTaskManagerFailureMidSplit.")
    public void testTaskManagerFailure(
            TestEnvironment testEnv,
            DataStreamSourceExternalContext<String> externalContext,
            ClusterControllable controller,
            CheckpointingMode semantic) {}

    // ------------------------------------------------------------------------------------------
    // Bounded versions of them
    // ------------------------------------------------------------------------------------------

    @TestTemplate
    @DisplayName("Bounded: stop with a savepoint mid-split, restore with the same parallelism")
    void testSavepointMidSplit(
            TestEnvironment testEnv,
            DataStreamSourceExternalContext<String> externalContext,
            CheckpointingMode semantic)
            throws Exception {
        stopWithSavepointAndRestore(testEnv, externalContext, semantic, 4, 4);
    }

    @TestTemplate
    @DisplayName("Bounded: stop with a savepoint mid-split, restore with a higher parallelism")
    void testScaleUpMidSplit(
            TestEnvironment testEnv,
            DataStreamSourceExternalContext<String> externalContext,
            CheckpointingMode semantic)
            throws Exception {
        stopWithSavepointAndRestore(testEnv, externalContext, semantic, 2, 4);
    }

    @TestTemplate
    @DisplayName("Bounded: stop with a savepoint mid-split, restore with a lower parallelism")
    void testScaleDownMidSplit(
            TestEnvironment testEnv,
            DataStreamSourceExternalContext<String> externalContext,
            CheckpointingMode semantic)
            throws Exception {
        stopWithSavepointAndRestore(testEnv, externalContext, semantic, 4, 2);
    }

    @TestTemplate
    @DisplayName("Bounded: numRecordsIn of the source, read while the tasks are held at the end")
    void testSourceMetricsAtEndOfInput(
            TestEnvironment testEnv,
            DataStreamSourceExternalContext<String> externalContext,
            CheckpointingMode semantic)
            throws Exception {
        TestingSourceSettings settings = boundedSettings(semantic);
        List<List<String>> testData = writeSplits(externalContext, settings);
        int total = getTestDataSize(testData);

        // Source and sink chained in one task per reader; the sink holds the task at the end.
        String sourceName = "metricTestSource" + Math.abs(testData.hashCode());
        StreamExecutionEnvironment env =
                testEnv.createExecutionEnvironment(envSettings(externalContext, null));
        env.fromSource(
                        tryCreateSource(externalContext, settings),
                        WatermarkStrategy.noWatermarks(),
                        sourceName)
                .setParallelism(SPLITS)
                .sinkTo(new HoldAtEndSink())
                .setParallelism(SPLITS);
        HoldAtEndSink.hold();
        JobClient job = env.executeAsync("Bounded metrics test");

        MetricQuerier metrics = new MetricQuerier(new Configuration());
        ExecutorService executor = Executors.newCachedThreadPool();
        try {
            waitForAllTaskRunning(
                    () ->
                            getJobDetails(
                                    new RestClient(new Configuration(), executor),
                                    testEnv.getRestEndpoint(),
                                    job.getJobID()));
            waitUntilCondition(
                    () -> {
                        try {
                            Double numRecordsIn =
                                    metrics.getAggregatedMetricsByRestAPI(
                                            testEnv.getRestEndpoint(),
                                            job.getJobID(),
                                            sourceName,
                                            MetricNames.IO_NUM_RECORDS_IN,
                                            null);
                            return numRecordsIn != null && numRecordsIn == total;
                        } catch (Exception e) {
                            return false; // not reported yet
                        }
                    },
                    100L,
                    (int) (TIMEOUT_SECONDS * 10));
        } catch (Throwable t) {
            killJob(job);
            throw t;
        } finally {
            HoldAtEndSink.release();
            executor.shutdown();
        }
        // Released, the bounded job ends by itself.
        waitForJobStatus(job, singletonList(JobStatus.FINISHED));
    }

    @TestTemplate
    @DisplayName("Bounded: TaskManager failure mid-split")
    void testTaskManagerFailureMidSplit(
            TestEnvironment testEnv,
            DataStreamSourceExternalContext<String> externalContext,
            ClusterControllable controller,
            CheckpointingMode semantic)
            throws Exception {
        TestingSourceSettings settings = boundedSettings(semantic);
        List<String> testData = generateAndWriteTestData(0, externalContext, settings);

        Throttle.setDelayMillis(THROTTLE_MILLIS);
        StreamExecutionEnvironment env =
                testEnv.createExecutionEnvironment(envSettings(externalContext, null));
        env.enableCheckpointing(50);
        env.getCheckpointConfig().setCheckpointingConsistencyMode(CheckpointingMode.EXACTLY_ONCE);
        RestartStrategyUtils.configureFixedDelayRestartStrategy(env, 3, 100L);
        CollectSink collect =
                CollectSink.addTo(
                        throttledSource(env, externalContext, settings, 1),
                        "dataStreamCollect_" + UUID.randomUUID());
        JobClient job = env.executeAsync("Bounded TaskManager failover test");

        List<String> received = new ArrayList<>();
        try (CollectResultIterator<String> iterator = collect.iterator(job)) {
            read(iterator, received, RECORDS_BEFORE_STOP);
            controller.triggerTaskManagerFailover(job, () -> Throttle.setDelayMillis(0));
            read(iterator, received, Integer.MAX_VALUE);
            waitForJobStatus(job, singletonList(JobStatus.FINISHED));
        } catch (Throwable t) {
            killJob(job);
            throw t;
        } finally {
            Throttle.setDelayMillis(0);
        }
        CollectIteratorAssertions.assertThat(received.iterator())
                .matchesRecordsFromSource(singletonList(testData), semantic);
    }

    /**
     * Runs the source slowed down at {@code beforeParallelism}, stops it with a savepoint once
     * {@link #RECORDS_BEFORE_STOP} records came out (all splits still unfinished), restores it at
     * {@code afterParallelism} at full speed and reads to the end. The collect sink's state is in
     * the savepoint too, so one iterator sees both runs.
     */
    private void stopWithSavepointAndRestore(
            TestEnvironment testEnv,
            DataStreamSourceExternalContext<String> externalContext,
            CheckpointingMode semantic,
            int beforeParallelism,
            int afterParallelism)
            throws Exception {
        TestingSourceSettings settings = boundedSettings(semantic);
        List<List<String>> testData = writeSplits(externalContext, settings);
        int total = getTestDataSize(testData);
        String accumulatorName = "dataStreamCollect_" + UUID.randomUUID();

        // Step 1: the slowed-down job, stopped with a savepoint in the middle of its splits.
        Throttle.setDelayMillis(THROTTLE_MILLIS);
        StreamExecutionEnvironment env =
                testEnv.createExecutionEnvironment(envSettings(externalContext, null));
        env.enableCheckpointing(50);
        env.getCheckpointConfig().setCheckpointingConsistencyMode(CheckpointingMode.EXACTLY_ONCE);
        RestartStrategyUtils.configureNoRestartStrategy(env);
        CollectSink collect =
                CollectSink.addTo(
                        throttledSource(env, externalContext, settings, beforeParallelism),
                        accumulatorName);
        JobClient job = env.executeAsync("Bounded savepoint test");

        List<String> received = new ArrayList<>();
        CollectResultIterator<String> iterator = collect.iterator(job);
        String savepoint;
        try {
            read(iterator, received, RECORDS_BEFORE_STOP);
            savepoint =
                    job.stopWithSavepoint(
                                    false,
                                    testEnv.getCheckpointUri(),
                                    SavepointFormatType.CANONICAL)
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            waitForJobStatus(job, singletonList(JobStatus.FINISHED));
        } catch (Throwable t) {
            iterator.close();
            killJob(job);
            throw t;
        } finally {
            Throttle.setDelayMillis(0);
        }

        // Step 2: restore with another parallelism; the job ends once every split is read.
        StreamExecutionEnvironment restartEnv =
                testEnv.createExecutionEnvironment(envSettings(externalContext, savepoint));
        restartEnv.enableCheckpointing(500);
        restartEnv
                .getCheckpointConfig()
                .setCheckpointingConsistencyMode(CheckpointingMode.EXACTLY_ONCE);
        CollectSink.addTo(
                throttledSource(restartEnv, externalContext, settings, afterParallelism),
                accumulatorName);
        JobClient restartJob = restartEnv.executeAsync("Bounded savepoint test, restored");
        try {
            iterator.setJobClient(restartJob);
            read(iterator, received, Integer.MAX_VALUE);
            waitForJobStatus(restartJob, singletonList(JobStatus.FINISHED));
        } catch (Throwable t) {
            killJob(restartJob);
            throw t;
        } finally {
            iterator.close();
        }

        assertThat(received)
                .as("records of both runs (%d written in %d files)", total, SPLITS)
                .hasSize(total);
        CollectIteratorAssertions.assertThat(received.iterator())
                .matchesRecordsFromSource(testData, semantic);
    }

    // ------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------

    private static TestingSourceSettings boundedSettings(CheckpointingMode semantic) {
        return TestingSourceSettings.builder()
                .setBoundedness(Boundedness.BOUNDED)
                .setCheckpointingMode(semantic)
                .build();
    }

    private static TestEnvironmentSettings envSettings(
            DataStreamSourceExternalContext<String> externalContext,
            @Nullable String savepointPath) {
        TestEnvironmentSettings.Builder settings =
                TestEnvironmentSettings.builder()
                        .setConnectorJarPaths(externalContext.getConnectorJarPaths());
        if (savepointPath != null) {
            settings.setSavepointRestorePath(savepointPath);
        }
        return settings.build();
    }

    private List<List<String>> writeSplits(
            DataStreamSourceExternalContext<String> externalContext,
            TestingSourceSettings settings) {
        List<List<String>> testData = new ArrayList<>();
        for (int i = 0; i < SPLITS; i++) {
            testData.add(generateAndWriteTestData(i, externalContext, settings));
        }
        return testData;
    }

    /** The source, then {@link Throttle} chained to it, with fixed uids so a restore maps. */
    private DataStream<String> throttledSource(
            StreamExecutionEnvironment env,
            DataStreamSourceExternalContext<String> externalContext,
            TestingSourceSettings settings,
            int parallelism) {
        return env.fromSource(
                        tryCreateSource(externalContext, settings),
                        WatermarkStrategy.noWatermarks(),
                        "Tested Source")
                .uid("tested-source")
                .setParallelism(parallelism)
                .map(new Throttle())
                .name("Throttle")
                .uid("throttle")
                .setParallelism(parallelism);
    }

    /** Reads until {@code into} holds {@code limit} records or the job's results end. */
    private static void read(CollectResultIterator<String> iterator, List<String> into, int limit)
            throws Exception {
        CompletableFuture.runAsync(
                        () -> {
                            while (into.size() < limit && iterator.hasNext()) {
                                into.add(iterator.next());
                            }
                        })
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static void killJob(JobClient job) throws Exception {
        JobStatus status = job.getJobStatus().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!status.isGloballyTerminalState()) {
            terminateJob(job);
            waitForJobStatus(job, Arrays.asList(JobStatus.CANCELED, JobStatus.FAILED));
        }
    }

    /**
     * A collect sink with a fixed uid and accumulator name, so that the iterator of the first run
     * also reads the restored run (what the suite's {@code addCollectSink} does, whose iterator
     * builder is not accessible from here).
     */
    private static final class CollectSink {

        private final TypeSerializer<String> serializer;
        private final String accumulatorName;
        private final CheckpointConfig checkpointConfig;

        private CollectSink(
                TypeSerializer<String> serializer,
                String accumulatorName,
                CheckpointConfig checkpointConfig) {
            this.serializer = serializer;
            this.accumulatorName = accumulatorName;
            this.checkpointConfig = checkpointConfig;
        }

        static CollectSink addTo(DataStream<String> stream, String accumulatorName) {
            TypeSerializer<String> serializer =
                    stream.getType()
                            .createSerializer(stream.getExecutionConfig().getSerializerConfig());
            CollectStreamSink<String> sink =
                    new CollectStreamSink<>(
                            stream, new CollectSinkOperatorFactory<>(serializer, accumulatorName));
            sink.name("Data stream collect sink");
            sink.uid(COLLECT_SINK_UID);
            stream.getExecutionEnvironment().addOperator(sink.getTransformation());
            return new CollectSink(
                    serializer,
                    accumulatorName,
                    stream.getExecutionEnvironment().getCheckpointConfig());
        }

        CollectResultIterator<String> iterator(JobClient job) {
            CollectResultIterator<String> iterator =
                    new CollectResultIterator<>(
                            COLLECT_SINK_UID,
                            serializer,
                            accumulatorName,
                            checkpointConfig,
                            RpcOptions.ASK_TIMEOUT_DURATION.defaultValue().toMillis());
            iterator.setJobClient(job);
            return iterator;
        }
    }

    /**
     * Sleeps before passing each record on. Chained to the source, it slows the reader itself, so
     * the source is still in the middle of its splits when the test stops or fails the job. The
     * delay is static: the MiniCluster runs in the test's JVM.
     */
    private static final class Throttle implements MapFunction<String, String> {

        private static final long serialVersionUID = 1L;

        private static volatile long delayMillis;

        static void setDelayMillis(long millis) {
            delayMillis = millis;
        }

        @Override
        public String map(String value) throws Exception {
            long delay = delayMillis;
            if (delay > 0) {
                Thread.sleep(delay);
            }
            return value;
        }
    }

    /**
     * Discards records and, at the end of its input, waits until the test releases it, so the task
     * (and the chained source's metrics) stay up after a bounded source has read everything.
     */
    private static final class HoldAtEndSink implements Sink<String> {

        private static final long serialVersionUID = 1L;

        private static volatile CountDownLatch released = new CountDownLatch(0);

        static void hold() {
            released = new CountDownLatch(1);
        }

        static void release() {
            released.countDown();
        }

        @Override
        public SinkWriter<String> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(String element, Context context) {}

                @Override
                public void flush(boolean endOfInput) throws InterruptedException {
                    if (endOfInput) {
                        released.await();
                    }
                }

                @Override
                public void close() {}
            };
        }
    }
}
