package dev.strata.providers.http;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An upstream response's headers, looked up case-insensitively. */
public final class ResponseHeaders {
  private static final ResponseHeaders EMPTY = new ResponseHeaders(Map.of());

  private final Map<String, List<String>> values;

  private ResponseHeaders(Map<String, List<String>> values) {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    values.forEach((name, list) -> copy.merge(name, List.copyOf(list), ResponseHeaders::concat));
    this.values = Collections.unmodifiableMap(copy);
  }

  public static ResponseHeaders of(Map<String, List<String>> values) {
    return new ResponseHeaders(requireNonNull(values, "values"));
  }

  public static ResponseHeaders empty() {
    return EMPTY;
  }

  /** The first value of header {@code name}. */
  public Optional<String> first(String name) {
    List<String> list = values.get(name);
    return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }

  public Map<String, List<String>> asMap() {
    return values;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  @Override
  public String toString() {
    return "ResponseHeaders" + values.keySet();
  }
}
