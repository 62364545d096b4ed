package dev.o2o.jobs;

import dev.o2o.contract.InvalidEventException;
import java.io.Serializable;
import java.util.Optional;

/**
 * What a job makes of one decoded value of a topic: the record its topology consumes, nothing when
 * the value does not concern this job, or an {@link InvalidEventException} when the value is well
 * formed but unacceptable here (an unknown store or sku, for example).
 */
@FunctionalInterface
public interface InputMapping<E, T> extends Serializable {
  Optional<T> map(E value);
}
