package io.laminardb.flink.parquet.arrow.ring0;

import io.laminardb.flink.parquet.arrow.ArrowBatch;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes the batches into Arrow IPC stream files (schema, record batches, end of stream), exactly
 * once under failures: a subtask writes one hidden in-progress file {@code
 * .<prefix>-<subtask>-<id>.arrows.inprogress} per checkpoint interval; a checkpoint finishes it
 * (synced), and the sink's committer renames it to {@code <prefix>-<subtask>-<id>.arrows} when the
 * checkpoint completes. On a restore, the subtask deletes its in-progress files: those of the
 * restored checkpoint were committed before (the committer of the same task restores first), the
 * others hold rows the source reads again. Any file system Flink has.
 */
@PublicEvolving
public final class ArrowIpcFileConsumer implements CommittingConsumer {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ArrowIpcFileConsumer.class);
    private static final String SUFFIX = ".arrows";
    private static final String IN_PROGRESS = ".inprogress";

    private final String directory;
    private final String prefix;

    private transient int subtask;
    private transient FileSystem fs;
    @Nullable private transient Path inProgress;
    @Nullable private transient Path target;
    @Nullable private transient FSDataOutputStream out;
    @Nullable private transient WriteChannel channel;
    @Nullable private transient Schema schema;
    private transient List<Ring0Committable> finished;

    /** Files go into {@code directory}, named {@code <prefix>-<subtask>-<id>.arrows}. */
    public ArrowIpcFileConsumer(String directory, String prefix) {
        this.directory = directory;
        this.prefix = prefix;
    }

    @Override
    public void open(int subtask, int parallelism) throws IOException {
        this.subtask = subtask;
        Path dir = new Path(directory);
        this.fs = dir.getFileSystem();
        this.finished = new ArrayList<>();
        fs.mkdirs(dir);
        String mine = "." + prefix + "-" + subtask + "-";
        FileStatus[] files = fs.listStatus(dir);
        for (FileStatus file : files == null ? new FileStatus[0] : files) {
            String name = file.getPath().getName();
            if (name.startsWith(mine) && name.endsWith(SUFFIX + IN_PROGRESS)) {
                LOG.info("Deleting uncommitted Arrow IPC file {}", file.getPath());
                fs.delete(file.getPath(), false);
            }
        }
    }

    @Override
    public void accept(ArrowBatch batch) throws IOException {
        if (channel != null && !batch.schema().equals(schema)) {
            finishFile(); // a new schema starts a new stream
        }
        if (channel == null) {
            startFile(batch.schema());
        }
        try (ArrowRecordBatch message = new VectorUnloader(batch.root()).getRecordBatch()) {
            MessageSerializer.serialize(channel, message);
        }
    }

    private void startFile(Schema schema) throws IOException {
        String id = UUID.randomUUID().toString();
        String name = prefix + "-" + subtask + "-" + id + SUFFIX;
        this.target = new Path(directory, name);
        this.inProgress = new Path(directory, "." + name + IN_PROGRESS);
        this.out = fs.create(inProgress, FileSystem.WriteMode.NO_OVERWRITE);
        this.channel = new WriteChannel(Channels.newChannel(out));
        this.schema = schema;
        MessageSerializer.serialize(channel, schema);
    }

    private void finishFile() throws IOException {
        ArrowStreamWriter.writeEndOfStream(channel, IpcOption.DEFAULT);
        out.flush();
        out.sync();
        channel.close();
        finished.add(new Ring0Committable(inProgress.toString(), target.toString()));
        channel = null;
        out = null;
        inProgress = null;
        target = null;
        schema = null;
    }

    /** Finishes the current file; the sink commits it when the checkpoint completes. */
    @Override
    public void flush() throws IOException {
        if (channel != null) {
            finishFile();
        }
    }

    @Override
    public List<Ring0Committable> takeCommittables() {
        List<Ring0Committable> taken = finished;
        finished = new ArrayList<>();
        return taken;
    }

    /** Leaves an unfinished file in progress: it was not checkpointed, a restore deletes it. */
    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
