package dev.strata.app.cli;

import picocli.CommandLine;

/** Reports the version from the jar manifest. */
final class StrataVersion implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = StrataVersion.class.getPackage().getImplementationVersion();
    return new String[] {"strata " + (version == null ? "development build" : version)};
  }
}
