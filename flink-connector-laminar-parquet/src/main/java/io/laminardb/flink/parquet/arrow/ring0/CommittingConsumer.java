package io.laminardb.flink.parquet.arrow.ring0;

import org.apache.flink.annotation.PublicEvolving;

import java.util.List;

/**
 * A {@link Ring0Consumer} whose output becomes visible only when a checkpoint completes: after each
 * {@link #flush}, the sink takes the files it finished and publishes them through its committer.
 */
@PublicEvolving
public interface CommittingConsumer extends Ring0Consumer {

    /**
     * The files finished by the flushes since the last call; called on the task thread right after
     * a flush, while the consumer thread is idle.
     */
    List<Ring0Committable> takeCommittables();
}
