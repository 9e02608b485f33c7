package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals short secrets with AES-256-GCM under a 256-bit master key, for secrets Strata must be able
 * to read back (AWS secret access keys, which verify HMAC signatures). Each sealed value carries a
 * fresh 96-bit nonce and is bound to a context string (the row it belongs to), so a sealed value
 * copied onto another row does not open.
 */
public final class SecretBox {
  /** Bytes in a master key. */
  public static final int KEY_BYTES = 32;

  private static final String VERSION = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  /** A box for the 32-byte {@code masterKey}; the array is copied. */
  public SecretBox(byte[] masterKey) {
    requireNonNull(masterKey, "masterKey");
    if (masterKey.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "a master key has " + KEY_BYTES + " bytes, not " + masterKey.length);
    }
    this.key = new SecretKeySpec(masterKey.clone(), "AES");
  }

  /**
   * The box whose key is in {@code keyFile} (base64 text, as this method writes it), creating the
   * file with a new random key, readable by its owner only, when it does not exist.
   */
  public static SecretBox fromKeyFile(Path keyFile) {
    requireNonNull(keyFile, "keyFile");
    try {
      if (!Files.exists(keyFile)) {
        create(keyFile);
      }
      return new SecretBox(decodeKeyFile(keyFile, Files.readString(keyFile)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the master key file " + keyFile, e);
    }
  }

  /** Writes a new key beside the file, then links it in place: a racing process loses. */
  private static void create(Path keyFile) throws IOException {
    Path folder = keyFile.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    byte[] fresh = new byte[KEY_BYTES];
    RANDOM.nextBytes(fresh);
    Path temporary = Files.createTempFile(folder, ".secrets", ".tmp", ownerOnly(folder));
    try {
      Files.writeString(temporary, Base64.getEncoder().encodeToString(fresh) + "\n");
      try {
        Files.createLink(keyFile, temporary);
      } catch (FileAlreadyExistsException e) {
        // Another process created it first: its key wins.
      }
    } finally {
      Files.deleteIfExists(temporary);
      Arrays.fill(fresh, (byte) 0);
    }
  }

  private static FileAttribute<?>[] ownerOnly(Path folder) {
    if (!folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
    };
  }

  private static byte[] decodeKeyFile(Path keyFile, String text) {
    try {
      byte[] bytes = Base64.getDecoder().decode(text.strip());
      if (bytes.length == KEY_BYTES) {
        return bytes;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new IllegalStateException(
        keyFile + " is not a master key: it should hold " + KEY_BYTES + " bytes in base64");
  }

  /** {@code secret} sealed for {@code context}: text safe to store. */
  public String seal(String secret, String context) {
    requireNonNull(secret, "secret");
    requireNonNull(context, "context");
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, context);
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
      return VERSION + Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to seal a secret", e);
    }
  }

  /**
   * The secret {@code sealed} holds; fails with INTERNAL when it was sealed under another master
   * key or for another context, or was altered.
   */
  public String open(String sealed, String context) {
    requireNonNull(sealed, "sealed");
    requireNonNull(context, "context");
    try {
      if (!sealed.startsWith(VERSION)) {
        throw new IllegalArgumentException("unknown format");
      }
      byte[] bytes = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
      if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
        throw new IllegalArgumentException("too short");
      }
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_BYTES), context);
      byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw StrataException.internal(
          "A stored secret for "
              + context
              + " cannot be decrypted: the master key differs from the one it was sealed with,"
              + " or the stored value was altered",
          e);
    }
  }

  private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  @Override
  public String toString() {
    return "SecretBox[AES-256-GCM]";
  }
}
