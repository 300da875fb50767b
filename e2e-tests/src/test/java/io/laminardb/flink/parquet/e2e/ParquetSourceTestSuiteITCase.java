package io.laminardb.flink.parquet.e2e;

import io.laminardb.flink.parquet.source.LaminarParquetSource;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.source.Boundedness;
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
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.collect.CollectResultIterator;
import org.apache.flink.streaming.util.RestartStrategyUtils;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestTemplate;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static java.util.Collections.singletonList;
import static org.apache.flink.runtime.testutils.CommonTestUtils.terminateJob;
import static org.apache.flink.runtime.testutils.CommonTestUtils.waitForJobStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flink's connector test suite ({@link SourceTestSuiteBase}) against {@link LaminarParquetSource}
 * on a MiniCluster, with a local directory of Parquet files as the external system ({@link
 * ParquetSourceExternalContext}; one file per suite "split", written under a hidden name and
 * renamed into place).
 *
 * <p>All eight of the suite's cases run unchanged. Three need a bounded source (single split,
 * multiple splits, idle reader) and get one. The other five ask for a {@code CONTINUOUS_UNBOUNDED}
 * source and get the continuous one ({@code mode = continuous}, polling every 200 ms):
 *
 * <ul>
 *   <li>savepoint, scale up (2 -> 4), scale down (4 -> 2): the job reads four files, is stopped
 *       with a savepoint, four more files are written while it is stopped, and the restored job
 *       must read exactly those, each record once, in order within each file;
 *   <li>metrics: {@code numRecordsIn} of the running source equals the records written;
 *   <li>TaskManager failure: the TaskManager is killed after the job read a first file, a second
 *       file is written after the job recovered, and the job must read exactly that one.
 * </ul>
 *
 * <p>The suite stops or fails the job only once everything written so far was read, so its cases
 * never restore a position inside a file. The cases added here do, in bounded mode: the job is
 * slowed down and stopped with a savepoint, or its TaskManager killed, in the middle of its splits,
 * and must go on at the exact row (with the same, a higher or a lower parallelism after a
 * savepoint) and then finish, with every record exactly once. (The same in continuous mode, with
 * files arriving, is {@link ContinuousRecoveryITCase}.)
 */
public class ParquetSourceTestSuiteITCase extends SourceTestSuiteBase<String> {

    private static final int SPLITS = 4;

    /**
     * Per record, while the test waits to stop or fail the job: with at least 200 records per
     * split, a reader needs 2 s or more for one split, and the test acts after {@link
     * #RECORDS_BEFORE_STOP} records of all readers together (a few hundred ms).
     */
    private static final long THROTTLE_MILLIS = 10;

    private static final int RECORDS_BEFORE_STOP = 100;

    private static final long TIMEOUT_SECONDS = 60;

    @TestEnv MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

    @TestSemantics CheckpointingMode[] semantics = {CheckpointingMode.EXACTLY_ONCE};

    @TestContext
    ExternalContextFactory<ParquetSourceExternalContext> parquetFiles =
            ParquetSourceExternalContext::new;

    // ------------------------------------------------------------------------------------------
    // Bounded mode: restore at a row inside a split
    // ------------------------------------------------------------------------------------------

    @TestTemplate
    @DisplayName("Bounded: stop with a savepoint mid-split, restore with the same parallelism")
    void testBoundedSavepointMidSplit(
            TestEnvironment testEnv,
            DataStreamSourceExternalContext<String> externalContext,
            CheckpointingMode semantic)
            throws Exception {
        stopWithSavepointAndRestore(testEnv, externalContext, semantic, 4, 4);
    }

    @TestTemplate
    @DisplayName("Bounded: stop with a savepoint mid-split, restore with a higher parallelism")
    void testBoundedScaleUpMidSplit(
            TestEnvironment testEnv,
            DataStreamSourceExternalContext<String> externalContext,
            CheckpointingMode semantic)
            throws Exception {
        stopWithSavepointAndRestore(testEnv, externalContext, semantic, 2, 4);
    }

    @TestTemplate
    @DisplayName("Bounded: stop with a savepoint mid-split, restore with a lower parallelism")
    void testBoundedScaleDownMidSplit(
            TestEnvironment testEnv,
            DataStreamSourceExternalContext<String> externalContext,
            CheckpointingMode semantic)
            throws Exception {
        stopWithSavepointAndRestore(testEnv, externalContext, semantic, 4, 2);
    }

    @TestTemplate
    @DisplayName("Bounded: TaskManager failure mid-split")
    void testBoundedTaskManagerFailureMidSplit(
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
        RestorableCollectSink<String> collect =
                RestorableCollectSink.addTo(
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
        RestorableCollectSink<String> collect =
                RestorableCollectSink.addTo(
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
        RestorableCollectSink.addTo(
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
}
