package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchmarkCommandTest {
  private static final String USAGE = "usage: bench demo [--size N]\n";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<Integer> measured = new ArrayList<>();

  @Test
  void runsTheMeasurement_withTheSettingsReadFromTheFlags_andReturnsItsStatus() {
    assertThat(execute("--size", "7")).isEqualTo(3);
    assertThat(measured).containsExactly(7);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void help_printsTheUsage_andMeasuresNothing() {
    assertThat(execute("--size", "7", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(USAGE);
    assertThat(measured).isEmpty();
  }

  @Test
  void anUnknownOrInvalidFlag_printsWhyAndTheUsage_andFails() {
    assertThat(execute("--speed", "9")).isEqualTo(2);
    assertThat(execute("--size", "0")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("unknown option --speed\n" + USAGE + "--size must be positive\n" + USAGE);
    assertThat(measured).isEmpty();
  }

  private int execute(String... args) {
    return BenchmarkCommand.execute(
        args,
        USAGE,
        Set.of("--size"),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        flags -> {
          int size = flags.integer("--size", 1);
          if (size < 1) {
            throw new IllegalArgumentException("--size must be positive");
          }
          return size;
        },
        size -> {
          measured.add(size);
          return 3;
        });
  }
}
