package dev.strata.core.model;

import static java.util.Objects.requireNonNull;

/** Whether and which tool the model must call. */
public sealed interface ToolChoice {
  /** The model decides. */
  record Auto() implements ToolChoice {}

  /** The model must call some tool. */
  record Any() implements ToolChoice {}

  /** The model must not call a tool. */
  record None() implements ToolChoice {}

  /** The model must call this tool. */
  record Named(String name) implements ToolChoice {
    public Named {
      requireNonNull(name, "name");
    }
  }
}
