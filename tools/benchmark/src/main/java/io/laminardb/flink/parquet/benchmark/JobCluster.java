package io.laminardb.flink.parquet.benchmark;

import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

import javax.annotation.Nullable;

import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where the benchmark's jobs run: on one embedded MiniCluster kept for the whole run ({@link
 * Mode#SHARED}, as jobs run on a session cluster or a long-running TaskManager), or each on a new
 * MiniCluster of its own ({@link Mode#PER_JOB}, what {@code createLocalEnvironment} does).
 *
 * <p>Starting a MiniCluster runs a large amount of code once (Pekko's configuration, the RPC
 * system, the dispatcher), and the JIT compiles it in the background while the job that follows
 * reads: on 2 cores about 0.65 s of CPU per job, even in the 16th job of a run. A shared cluster
 * measures the reads without most of it (docs/benchmarks.md, "One cluster for the whole run"). Both
 * sources run on the same kind of cluster in every run.
 *
 * <p>Not thread-safe: the benchmark's main thread makes environments and closes the cluster.
 */
final class JobCluster implements AutoCloseable {

    /** How jobs get a cluster. */
    enum Mode {
        SHARED,
        PER_JOB;

        static Mode of(String value) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "shared":
                    return SHARED;
                case "per-job":
                case "per_job":
                    return PER_JOB;
                default:
                    throw new IllegalArgumentException(
                            "unknown cluster mode '" + value + "'; use shared or per-job");
            }
        }

        String label() {
            return this == SHARED ? "shared" : "per-job";
        }
    }

    private static final String EXECUTOR = "benchmark-shared-mini-cluster";

    private final Mode mode;
    private final int slots;
    @Nullable private MiniCluster cluster;

    /**
     * @param slots the shared cluster's task slots: the highest parallelism of the run
     */
    JobCluster(Mode mode, int slots) {
        this.mode = mode;
        this.slots = slots;
    }

    Mode mode() {
        return mode;
    }

    /** An environment of this parallelism whose jobs run as the mode says. */
    StreamExecutionEnvironment environment(int parallelism, Configuration conf) throws Exception {
        if (mode == Mode.PER_JOB) {
            return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        }
        MiniCluster shared = sharedCluster();
        Configuration withTarget = new Configuration(conf);
        withTarget.set(DeploymentOptions.TARGET, EXECUTOR);
        withTarget.set(DeploymentOptions.ATTACHED, true);
        StreamExecutionEnvironment env =
                new StreamExecutionEnvironment(
                        new SharedClusterExecutors(shared),
                        withTarget,
                        Thread.currentThread().getContextClassLoader());
        env.setParallelism(parallelism);
        return env;
    }

    private MiniCluster sharedCluster() throws Exception {
        if (cluster == null) {
            MiniCluster started =
                    new MiniCluster(
                            new MiniClusterConfiguration.Builder()
                                    .setConfiguration(new Configuration())
                                    .setNumTaskManagers(1)
                                    .setNumSlotsPerTaskManager(slots)
                                    .build());
            started.start();
            cluster = started;
        }
        return cluster;
    }

    @Override
    public void close() throws Exception {
        if (cluster != null) {
            MiniCluster closing = cluster;
            cluster = null;
            closing.close();
        }
    }

    /** Submits each pipeline to the shared cluster and leaves the cluster running afterwards. */
    private static final class SharedClusterExecutors
            implements PipelineExecutorServiceLoader, PipelineExecutorFactory {

        private final MiniCluster cluster;

        SharedClusterExecutors(MiniCluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
            return this;
        }

        @Override
        public Stream<String> getExecutorNames() {
            return Stream.of(EXECUTOR);
        }

        @Override
        public String getName() {
            return EXECUTOR;
        }

        @Override
        public boolean isCompatibleWith(Configuration configuration) {
            return EXECUTOR.equals(configuration.get(DeploymentOptions.TARGET));
        }

        @Override
        public PipelineExecutor getExecutor(Configuration configuration) {
            return (pipeline, jobConfiguration, classLoader) -> {
                StreamGraph graph =
                        PipelineExecutorUtils.getStreamGraph(pipeline, jobConfiguration);
                graph.serializeUserDefinedInstances();
                return cluster.submitJob(graph)
                        .thenApply(
                                submitted ->
                                        new MiniClusterJobClient(
                                                submitted.getJobID(),
                                                cluster,
                                                classLoader,
                                                MiniClusterJobClient.JobFinalizationBehavior
                                                        .NOTHING));
            };
        }
    }
}
