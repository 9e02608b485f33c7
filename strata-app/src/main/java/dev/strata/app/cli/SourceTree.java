package dev.strata.app.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Locates the Strata source checkout this program was built from, and its running jar. */
final class SourceTree {
  private SourceTree() {}

  /** The jar this program runs from, when it runs from one. */
  static Optional<Path> runningJar() {
    try {
      Path location =
          Path.of(SourceTree.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(location) ? Optional.of(location) : Optional.empty();
    } catch (URISyntaxException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** The nearest folder holding {@code mvnw} and {@code pom.xml}, above the jar or the cwd. */
  static Optional<Path> root() {
    Optional<Path> fromJar = runningJar().flatMap(jar -> above(jar.getParent()));
    return fromJar.isPresent() ? fromJar : above(Path.of("").toAbsolutePath());
  }

  private static Optional<Path> above(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }
}
