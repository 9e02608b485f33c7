package dev.strata.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Runs Strata's whole test suite with the Maven wrapper of the source checkout. */
@Command(name = "test", description = "Run the full test suite (needs the source checkout).")
final class TestCommand implements Callable<Integer> {
  @Parameters(description = "Extra Maven arguments, e.g. -pl strata-core.")
  List<String> mavenArgs = new ArrayList<>();

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path root =
        SourceTree.root()
            .orElseThrow(
                () ->
                    new UserFacingException(
                        "the test suite needs the Strata source checkout (mvnw and pom.xml) above"
                            + " the jar or the current directory"));
    List<String> command = new ArrayList<>(List.of("./mvnw", "-B", "-ntp", "verify"));
    command.addAll(mavenArgs);
    Process process =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .inheritIO()
            .start();
    return process.waitFor();
  }
}
