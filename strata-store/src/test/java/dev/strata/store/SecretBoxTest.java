package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
  @TempDir Path dir;

  private static byte[] key(int fill) {
    byte[] key = new byte[SecretBox.KEY_BYTES];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  @Test
  void open_returnsWhatWasSealed_andTheSealedTextHidesIt() {
    SecretBox box = new SecretBox(key(7));

    String sealed = box.seal("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "row-1");

    assertThat(sealed).startsWith("v1:").doesNotContain("wJalrXUtnFEMI");
    assertThat(box.open(sealed, "row-1")).isEqualTo("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    assertThat(box.seal("same", "row-1")).isNotEqualTo(box.seal("same", "row-1"));
  }

  @Test
  void open_failsUnderAnotherKey_anotherContext_orAlteredText() {
    SecretBox box = new SecretBox(key(7));
    String sealed = box.seal("hunter2", "row-1");
    char[] altered = sealed.toCharArray();
    altered[10] = altered[10] == 'A' ? 'B' : 'A';

    for (Runnable opening :
        new Runnable[] {
          () -> new SecretBox(key(8)).open(sealed, "row-1"),
          () -> box.open(sealed, "row-2"),
          () -> box.open(new String(altered), "row-1"),
          () -> box.open("v1:xx", "row-1"),
          () -> box.open("plain", "row-1")
        }) {
      assertThatThrownBy(opening::run)
          .isInstanceOfSatisfying(
              StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
          .hasMessageContaining("cannot be decrypted")
          .hasMessageNotContaining("hunter2");
    }
  }

  @Test
  void constructor_refusesAKeyOfTheWrongSize() {
    assertThatThrownBy(() -> new SecretBox(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }

  @Test
  void fromKeyFile_createsAnOwnerOnlyKeyOnce_andReusesIt() throws Exception {
    Path file = dir.resolve("home").resolve("secrets.key");

    String sealed = SecretBox.fromKeyFile(file).seal("secret", "row");

    assertThat(Base64.getDecoder().decode(Files.readString(file).strip()))
        .hasSize(SecretBox.KEY_BYTES);
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(SecretBox.fromKeyFile(file).open(sealed, "row")).isEqualTo("secret");
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void fromKeyFile_refusesAFileThatIsNotAKey() throws Exception {
    Path file = dir.resolve("secrets.key");
    Files.writeString(file, "not a key");

    assertThatThrownBy(() -> SecretBox.fromKeyFile(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not a master key");
  }
}
