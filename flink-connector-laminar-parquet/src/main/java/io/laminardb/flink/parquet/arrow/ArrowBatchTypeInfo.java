package io.laminardb.flink.parquet.arrow;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The type of {@link ArrowBatch} records: serialized by {@link ArrowBatchSerializer}. */
@PublicEvolving
public final class ArrowBatchTypeInfo extends TypeInformation<ArrowBatch> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<ArrowBatch> getTypeClass() {
        return ArrowBatch.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<ArrowBatch> createSerializer(SerializerConfig config) {
        return new ArrowBatchSerializer();
    }

    @Override
    public String toString() {
        return "ArrowBatch";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ArrowBatchTypeInfo;
    }

    @Override
    public int hashCode() {
        return ArrowBatchTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof ArrowBatchTypeInfo;
    }
}
