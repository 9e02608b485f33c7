package dev.strata.app.cli;

import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options that point a command at a running server's admin API instead of the local data folder. */
final class AdminOptions {
  @Option(
      names = "--url",
      description = "A Strata server's URL; without it the command works on the local data folder.")
  URI url;

  @Option(
      names = "--admin-key",
      description = "The admin key for --url (default: the STRATA_ADMIN_KEY environment variable).")
  String adminKey;

  /** The remote admin API, when --url was given. */
  Optional<RemoteAdmin> remote() {
    if (url == null) {
      return Optional.empty();
    }
    String key = adminKey != null ? adminKey : System.getenv("STRATA_ADMIN_KEY");
    if (key == null || key.isBlank()) {
      throw new UserFacingException("--url needs the admin key: pass --admin-key or set STRATA_ADMIN_KEY");
    }
    return Optional.of(new RemoteAdmin(url, key));
  }
}
