package dev.strata.app.config;

/** A configuration that cannot be used; the message names the file (or variable), key and fault. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
