package io.laminardb.flink.parquet.schema;

import org.apache.flink.annotation.PublicEvolving;

/** A Parquet schema, or a part of one, that the source cannot read, or cannot read as asked. */
@PublicEvolving
public class UnsupportedSchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedSchemaException(String message) {
        super(message);
    }
}
