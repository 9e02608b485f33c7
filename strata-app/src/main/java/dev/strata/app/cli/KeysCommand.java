package dev.strata.app.cli;

import dev.strata.app.config.StrataConfig;
import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.AwsCredential;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.NewKey;
import dev.strata.store.Database;
import dev.strata.store.SecretBox;
import dev.strata.store.SqlAwsCredentialStore;
import dev.strata.store.SqlKeyStore;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Creates, lists and revokes virtual keys. */
@Command(
    name = "keys",
    description = "Manage virtual keys (sk-strata-…).",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand {
  @ParentCommand StrataCommand root;

  /** The file in the data folder holding the master key that seals AWS secrets at rest. */

  AdminOperations operations(AdminOptions admin) {
    return admin.remote().<AdminOperations>map(r -> r).orElseGet(() -> new LocalData(root.config()));
  }

  /** The data folder's master key, created on first use; a bad key file is the user's to fix. */
  SecretBox masterKey() {
    StrataConfig config = root.config();
    try {
      return SecretBox.fromKeyFile(config.secretsKeyFile());
    } catch (UncheckedIOException | IllegalStateException e) {
      throw new UserFacingException(e.getMessage());
    }
  }

  /** Issues an AWS access key bound to the key {@code keyId} in the local data folder. */
  AwsCredential issueAwsCredential(String keyId, SecretBox box) {
    StrataConfig config = root.config();
    try (Database database = Database.open(config.storeUrl())) {
      Clock clock = Clock.systemUTC();
      return new SqlAwsCredentialStore(database, new SqlKeyStore(database, clock), box, clock)
          .issue(keyId);
    }
  }

  /** {@code strata keys create}. */
  @Command(name = "create", description = "Create a key; its secret is printed once.")
  static final class Create implements Callable<Integer> {
    @ParentCommand KeysCommand keys;
    @Mixin AdminOptions admin;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--name", required = true, description = "A name for the key.")
    String name;

    @Option(names = "--tenant", description = "Tenant billed for its use (default: default).")
    String tenant;

    @Option(names = "--team", description = "Team billed for its use.")
    String team;

    @Option(names = "--app", description = "Application using it.")
    String app;

    @Option(names = "--tag", description = "A tag KEY=VALUE for attribution; repeatable.")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(
        names = "--quiet",
        description =
            "Print only the secret (with --aws: the secret, the access key id and the secret"
                + " access key, one a line).")
    boolean quiet;

    @Option(
        names = "--aws",
        description =
            "Also issue an AWS access key id and secret access key bound to the key, for AWS SDK"
                + " clients (SigV4, service bedrock, any region). Local data folder only.")
    boolean aws;

    @Override
    public Integer call() {
      NewKey request;
      try {
        request = new NewKey(name, tenant, team, app, tags);
      } catch (IllegalArgumentException e) {
        throw new UserFacingException(e.getMessage());
      }
      if (aws && admin.url != null) {
        throw new UserFacingException(
            "--aws works on the local data folder only: run it without --url where the data"
                + " folder is");
      }
      SecretBox box = aws ? keys.masterKey() : null;
      try (AdminOperations ops = keys.operations(admin)) {
        IssuedKey issued = ops.createKey(request);
        AwsCredential credential =
            box == null ? null : keys.issueAwsCredential(issued.key().id(), box);
        PrintWriter out = spec.commandLine().getOut();
        if (quiet) {
          out.println(issued.secret());
          if (credential != null) {
            out.println(credential.accessKeyId());
            out.println(credential.secretAccessKey());
          }
        } else {
          out.println("Created key " + issued.key().id() + " (" + issued.key().name() + ").");
          out.println("Secret (shown once): " + issued.secret());
          if (credential != null) {
            out.println("AWS access key id: " + credential.accessKeyId());
            out.println("AWS secret access key (shown once): " + credential.secretAccessKey());
          }
        }
        out.flush();
      }
      return 0;
    }
  }

  /** {@code strata keys list}. */
  @Command(name = "list", description = "List keys (never their secrets).")
  static final class ListKeys implements Callable<Integer> {
    @ParentCommand KeysCommand keys;
    @Mixin AdminOptions admin;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (AdminOperations ops = keys.operations(admin)) {
        List<List<String>> rows = new ArrayList<>();
        for (ApiKey key : ops.listKeys()) {
          rows.add(
              List.of(
                  key.id(),
                  key.name(),
                  key.displayPrefix() + "…",
                  key.principal().tenant(),
                  key.principal().team(),
                  key.principal().app(),
                  key.principal().tags().toString(),
                  key.createdAt().toString(),
                  key.revokedAt().map(Object::toString).orElse("active")));
        }
        Table.print(
            spec.commandLine().getOut(),
            List.of("ID", "NAME", "PREFIX", "TENANT", "TEAM", "APP", "TAGS", "CREATED", "STATUS"),
            rows);
      }
      return 0;
    }
  }

  /** {@code strata keys revoke ID}. */
  @Command(name = "revoke", description = "Revoke a key; its next request is refused.")
  static final class Revoke implements Callable<Integer> {
    @ParentCommand KeysCommand keys;
    @Mixin AdminOptions admin;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The key's id (see keys list).")
    String id;

    @Override
    public Integer call() {
      try (AdminOperations ops = keys.operations(admin)) {
        if (!ops.revokeKey(id)) {
          throw new UserFacingException("no key has the id " + id);
        }
        spec.commandLine().getOut().println("Revoked key " + id + ".");
      }
      return 0;
    }
  }

}
