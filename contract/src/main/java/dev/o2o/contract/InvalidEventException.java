package dev.o2o.contract;

/** A payload that is not a valid event; the message is the reason recorded in the dead letter. */
public class InvalidEventException extends RuntimeException {
  public InvalidEventException(String reason) {
    super(reason);
  }

  public InvalidEventException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
