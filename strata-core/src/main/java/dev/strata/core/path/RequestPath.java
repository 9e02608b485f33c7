package dev.strata.core.path;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The fixed sequence of steps every request runs through, outermost first. The last step must
 * answer without calling {@code next}.
 */
public final class RequestPath {
  private final List<Step> steps;

  public RequestPath(List<Step> steps) {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a request path needs at least one step");
    }
    this.steps = List.copyOf(steps);
  }

  public Answer run(Exchange exchange) {
    return proceedFrom(0, exchange);
  }

  private Answer proceedFrom(int index, Exchange exchange) {
    if (index == steps.size()) {
      throw new IllegalStateException("the last step of " + this + " called next");
    }
    return steps.get(index).serve(exchange, ex -> proceedFrom(index + 1, ex));
  }

  public List<Step> steps() {
    return steps;
  }

  @Override
  public String toString() {
    return steps.stream()
        .map(step -> step.getClass().getSimpleName())
        .collect(Collectors.joining(" → ", "RequestPath[", "]"));
  }
}
