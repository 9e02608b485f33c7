package dev.strata.server.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed Prometheus text exposition: its samples, found by name and a subset of labels. */
final class PrometheusText {
  record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples = new ArrayList<>();
  private final String text;

  PrometheusText(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        samples.add(parse(line));
      }
    }
  }

  String text() {
    return text;
  }

  /** Samples named {@code name} whose labels include {@code labels}. */
  List<Sample> find(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }

  /** The value of the one sample named {@code name} whose labels include {@code labels}. */
  double value(String name, Map<String, String> labels) {
    List<Sample> found = find(name, labels);
    if (found.size() != 1) {
      throw new AssertionError(
          found.size() + " samples " + name + labels + " in:\n" + grep(name));
    }
    return found.get(0).value();
  }

  /** The sum over samples named {@code name} whose labels include {@code labels}. */
  double sum(String name, Map<String, String> labels) {
    return find(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  private String grep(String name) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.startsWith(name)) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  private static Sample parse(String line) {
    int brace = line.indexOf('{');
    int space;
    String name;
    Map<String, String> labels = new LinkedHashMap<>();
    if (brace < 0) {
      space = line.indexOf(' ');
      name = line.substring(0, space);
    } else {
      name = line.substring(0, brace);
      int i = brace + 1;
      while (line.charAt(i) != '}') {
        int equals = line.indexOf('=', i);
        String key = line.substring(i, equals);
        StringBuilder value = new StringBuilder();
        int j = equals + 2; // skip ="
        while (line.charAt(j) != '"') {
          char c = line.charAt(j);
          if (c == '\\') {
            j++;
            c = line.charAt(j) == 'n' ? '\n' : line.charAt(j);
          }
          value.append(c);
          j++;
        }
        labels.put(key, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      space = line.indexOf(' ', i);
    }
    String rest = line.substring(space + 1).trim();
    int timestamp = rest.indexOf(' ');
    String value = timestamp < 0 ? rest : rest.substring(0, timestamp);
    return new Sample(name, labels, Double.parseDouble(value));
  }
}
