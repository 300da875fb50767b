package io.laminardb.flink.parquet.arrow.ring0;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Objects;

/**
 * A file a {@link Ring0Consumer} finished for a checkpoint: written under {@code inProgress},
 * published as {@code target} when the checkpoint completes. Immutable.
 */
@PublicEvolving
public final class Ring0Committable {

    private final String inProgress;
    private final String target;

    public Ring0Committable(String inProgress, String target) {
        this.inProgress = Objects.requireNonNull(inProgress);
        this.target = Objects.requireNonNull(target);
    }

    public String inProgress() {
        return inProgress;
    }

    public String target() {
        return target;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ring0Committable
                && inProgress.equals(((Ring0Committable) o).inProgress)
                && target.equals(((Ring0Committable) o).target);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inProgress, target);
    }

    @Override
    public String toString() {
        return inProgress + " -> " + target;
    }
}
