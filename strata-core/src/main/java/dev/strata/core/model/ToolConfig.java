package dev.strata.core.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The tools offered to the model and how it must choose among them. */
public record ToolConfig(List<ToolSpec> tools, ToolChoice choice) {
  public ToolConfig {
    tools = List.copyOf(requireNonNull(tools, "tools"));
    requireNonNull(choice, "choice");
  }
}
