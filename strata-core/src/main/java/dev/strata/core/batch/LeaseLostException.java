package dev.strata.core.batch;

/** A worker tried to change a job or record whose lease another worker now holds. */
public final class LeaseLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LeaseLostException(String message) {
    super(message);
  }
}
