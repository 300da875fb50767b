package io.laminardb.flink.parquet.e2e;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.configuration.RpcOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.operators.collect.CollectResultIterator;
import org.apache.flink.streaming.api.operators.collect.CollectSinkOperatorFactory;
import org.apache.flink.streaming.api.operators.collect.CollectStreamSink;

/**
 * A collect sink with a fixed uid and accumulator name, so that one iterator reads a job and the
 * jobs restored from its savepoints (what the suite's {@code addCollectSink} does, whose iterator
 * builder is not accessible from here). The sink's results are in its checkpoints: with
 * exactly-once checkpointing the iterator hands out only results of completed checkpoints, so rows
 * a failed attempt emitted after its last checkpoint are never seen, and each row is seen once.
 */
final class RestorableCollectSink<T> {

    static final String UID = "collect-sink";

    private final TypeSerializer<T> serializer;
    private final String accumulatorName;
    private final CheckpointConfig checkpointConfig;

    private RestorableCollectSink(
            TypeSerializer<T> serializer,
            String accumulatorName,
            CheckpointConfig checkpointConfig) {
        this.serializer = serializer;
        this.accumulatorName = accumulatorName;
        this.checkpointConfig = checkpointConfig;
    }

    /** Adds the sink to the stream's job; restored jobs must use the same accumulator name. */
    static <T> RestorableCollectSink<T> addTo(DataStream<T> stream, String accumulatorName) {
        TypeSerializer<T> serializer =
                stream.getType()
                        .createSerializer(stream.getExecutionConfig().getSerializerConfig());
        CollectStreamSink<T> sink =
                new CollectStreamSink<>(
                        stream, new CollectSinkOperatorFactory<>(serializer, accumulatorName));
        sink.name("Data stream collect sink");
        sink.uid(UID);
        stream.getExecutionEnvironment().addOperator(sink.getTransformation());
        return new RestorableCollectSink<>(
                serializer,
                accumulatorName,
                stream.getExecutionEnvironment().getCheckpointConfig());
    }

    /** An iterator over the job's results; {@code setJobClient} moves it to a restored job. */
    CollectResultIterator<T> iterator(JobClient job) {
        CollectResultIterator<T> iterator =
                new CollectResultIterator<>(
                        UID,
                        serializer,
                        accumulatorName,
                        checkpointConfig,
                        RpcOptions.ASK_TIMEOUT_DURATION.defaultValue().toMillis());
        iterator.setJobClient(job);
        return iterator;
    }
}
