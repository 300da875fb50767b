package io.laminardb.flink.parquet.arrow.ring0;

import io.laminardb.flink.parquet.arrow.ArrowBatch;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process consumer: hands each batch to a {@link Callback} that an engine embedded in the
 * same JVM registered under a name ({@link #register}). The sink carries only the name, so it
 * serializes with the job; a subtask that finds no callback under the name fails naming it.
 */
@PublicEvolving
public final class CallbackConsumer implements Ring0Consumer {

    private static final long serialVersionUID = 1L;

    /** What an embedded engine implements; called on a subtask's consumer thread. */
    public interface Callback {
        void accept(int subtask, ArrowBatch batch) throws Exception;

        default void flush(int subtask) throws Exception {}
    }

    private static final Map<String, Callback> CALLBACKS = new ConcurrentHashMap<>();

    /** Registers {@code callback} under {@code name} in this JVM, replacing any other. */
    public static void register(String name, Callback callback) {
        CALLBACKS.put(name, callback);
    }

    public static void unregister(String name) {
        CALLBACKS.remove(name);
    }

    private final String name;
    private transient Callback callback;
    private transient int subtask;

    public CallbackConsumer(String name) {
        this.name = name;
    }

    @Override
    public void open(int subtask, int parallelism) {
        this.subtask = subtask;
        this.callback = CALLBACKS.get(name);
        if (callback == null) {
            throw new IllegalStateException(
                    "No Ring 0 callback is registered under '"
                            + name
                            + "' in this JVM: call CallbackConsumer.register first");
        }
    }

    @Override
    public void accept(ArrowBatch batch) throws Exception {
        callback.accept(subtask, batch);
    }

    @Override
    public void flush() throws Exception {
        callback.flush(subtask);
    }

    @Override
    public void close() {}
}
