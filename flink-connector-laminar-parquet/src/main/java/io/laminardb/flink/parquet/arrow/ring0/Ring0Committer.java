package io.laminardb.flink.parquet.arrow.ring0;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Collection;

/**
 * Publishes the files of a completed checkpoint: renames each in-progress file to its target.
 * Idempotent: a file already renamed (its target exists, its in-progress file does not) counts as
 * committed, so committing again after a restore is harmless.
 */
@Internal
final class Ring0Committer implements Committer<Ring0Committable> {

    private static final Logger LOG = LoggerFactory.getLogger(Ring0Committer.class);

    @Override
    public void commit(Collection<CommitRequest<Ring0Committable>> requests) throws IOException {
        for (CommitRequest<Ring0Committable> request : requests) {
            Ring0Committable committable = request.getCommittable();
            Path inProgress = new Path(committable.inProgress());
            Path target = new Path(committable.target());
            FileSystem fs = inProgress.getFileSystem();
            if (fs.exists(inProgress)) {
                if (!fs.rename(inProgress, target)) {
                    request.signalFailedWithKnownReason(
                            new IOException("Cannot rename " + inProgress + " to " + target));
                    continue;
                }
                LOG.debug("Committed {}", committable);
            } else if (fs.exists(target)) {
                request.signalAlreadyCommitted();
            } else {
                request.signalFailedWithKnownReason(
                        new IOException(
                                "Neither the in-progress file "
                                        + inProgress
                                        + " nor its target "
                                        + target
                                        + " exists: the file was lost"));
            }
        }
    }

    @Override
    public void close() {}
}
