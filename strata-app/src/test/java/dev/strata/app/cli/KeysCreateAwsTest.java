package dev.strata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.auth.AwsCredential;
import dev.strata.store.Database;
import dev.strata.store.SecretBox;
import dev.strata.store.SqlAwsCredentialStore;
import dev.strata.store.SqlKeyStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KeysCreateAwsTest {
  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private Run strata(String... args) throws Exception {
    Path config = dir.resolve("strata.yaml");
    Files.writeString(config, "home: " + dir.resolve("data") + "\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = StrataCommand.commandLine();
    line.setOut(new PrintWriter(out));
    line.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 2];
    all[0] = "--config";
    all[1] = config.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int exitCode = line.execute(all);
    return new Run(exitCode, out.toString(), err.toString());
  }

  @Test
  void keysCreateAws_printsACredentialTheDataFolderCanVerify() throws Exception {
    Run run = strata("keys", "create", "--name", "sdk client", "--team", "search", "--aws", "--quiet");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("sk-strata-");
    assertThat(lines.get(1)).startsWith(SqlAwsCredentialStore.ACCESS_KEY_PREFIX);
    Path keyFile = dir.resolve("data").resolve("secrets.key");
    assertThat(Files.getPosixFilePermissions(keyFile))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    try (Database database =
        Database.open("jdbc:sqlite:" + dir.resolve("data").resolve("strata.db"))) {
      Clock clock = Clock.systemUTC();
      AwsCredential stored =
          new SqlAwsCredentialStore(
                  database, new SqlKeyStore(database, clock), SecretBox.fromKeyFile(keyFile), clock)
              .findByAccessKeyId(lines.get(1))
              .orElseThrow();
      assertThat(stored.secretAccessKey()).isEqualTo(lines.get(2));
      assertThat(stored.key().principal().team()).isEqualTo("search");
    }
  }

  @Test
  void keysCreateAws_withoutQuiet_labelsEachValue() throws Exception {
    Run run = strata("keys", "create", "--name", "sdk client", "--aws");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Secret (shown once): sk-strata-")
        .contains("AWS access key id: " + SqlAwsCredentialStore.ACCESS_KEY_PREFIX)
        .contains("AWS secret access key (shown once): ");
  }

  @Test
  void keysCreateAws_refusesARemoteServer() throws Exception {
    Run run =
        strata(
            "keys", "create", "--name", "n", "--aws", "--url", "http://127.0.0.1:9",
            "--admin-key", "sk-strata-admin-x");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--aws works on the local data folder only");
  }
}
