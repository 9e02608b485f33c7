package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.ObjectInfo;
import dev.strata.core.objectstore.ObjectListing;
import dev.strata.core.objectstore.ObjectRef;
import dev.strata.core.objectstore.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Objects as files: bucket {@code b}'s object {@code k} is the file {@code root/b/k} (a key's
 * {@code /} separate sub-folders), its entity tag and user metadata a JSON sidecar under {@code
 * root/.meta/b/} (bucket names cannot start with a dot, so neither that folder nor {@code
 * root/.tmp} can clash with a bucket). A put writes to a temporary file under the same root, then
 * renames it into place atomically, so a reader sees the whole old object or the whole new one.
 * Files put into a bucket folder by hand are served too, described from their bytes.
 */
public final class FolderObjectStore implements ObjectStore {
  private static final String TEMP = ".tmp";
  private static final int LOCK_STRIPES = 64;
  private static final Duration STALE_TEMP = Duration.ofHours(1);
  private static final int BUFFER = 64 * 1024;
  private static final int PUT_ATTEMPTS = 3;

  private final Path root;
  private final FolderPaths paths;
  private final Path temp;
  private final long maxObjectBytes;
  private final Clock clock;

  /** Orders the two renames of a put, and a delete, against each other and against readers. */
  private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

  /**
   * A store under {@code root} (created if missing) accepting objects of up to {@code
   * maxObjectBytes}; {@code clock} dates the objects written. Temporary files left by a crash more
   * than an hour ago are removed.
   */
  public FolderObjectStore(Path root, long maxObjectBytes, Clock clock) {
    this.root = requireNonNull(root, "root").toAbsolutePath().normalize();
    this.clock = requireNonNull(clock, "clock");
    if (maxObjectBytes < 1) {
      throw new IllegalArgumentException("maxObjectBytes must be positive, not " + maxObjectBytes);
    }
    this.maxObjectBytes = maxObjectBytes;
    this.paths = new FolderPaths(this.root);
    this.temp = this.root.resolve(TEMP);
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
    try {
      Files.createDirectories(temp);
      Files.createDirectories(paths.metaRoot());
      removeStaleTemporaries();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the object folder " + this.root, e);
    }
  }

  @Override
  public long maxObjectBytes() {
    return maxObjectBytes;
  }

  @Override
  public ObjectInfo put(ObjectRef ref, InputStream content, Map<String, String> metadata) {
    requireNonNull(ref, "ref");
    requireNonNull(content, "content");
    requireNonNull(metadata, "metadata");
    Path data = paths.data(ref);
    Path sidecar = paths.sidecar(ref);
    Path dataTemp = null;
    Path sidecarTemp = null;
    try {
      dataTemp = temporaryFile();
      sidecarTemp = temporaryFile();
      String etag = copy(content, dataTemp);
      long size = Files.size(dataTemp);
      FolderSidecar description =
          new FolderSidecar(
              etag,
              size,
              clock.instant().truncatedTo(ChronoUnit.MILLIS),
              modifiedNanos(dataTemp),
              metadata);
      Files.write(sidecarTemp, description.toJson());
      ReentrantLock lock = lockFor(ref);
      lock.lock();
      try {
        moveIntoPlace(ref, dataTemp, data);
        moveIntoPlace(ref, sidecarTemp, sidecar);
      } finally {
        lock.unlock();
      }
      return info(ref, description);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store " + ref, e);
    } finally {
      deleteQuietly(dataTemp);
      deleteQuietly(sidecarTemp);
    }
  }

  @Override
  public Optional<ObjectInfo> head(ObjectRef ref) {
    requireNonNull(ref, "ref");
    ReentrantLock lock = lockFor(ref);
    lock.lock();
    try {
      return describe(ref);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ref, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<InputStream> open(ObjectRef ref) {
    requireNonNull(ref, "ref");
    Path data = paths.data(ref);
    ReentrantLock lock = lockFor(ref);
    lock.lock();
    try {
      if (!Files.isRegularFile(data, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      // An open file keeps its bytes even if a put renames another over it meanwhile.
      return Optional.of(Files.newInputStream(data));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + ref, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ObjectListing list(
      String bucket, String prefix, Optional<String> startAfter, int maxKeys) {
    requireNonNull(prefix, "prefix");
    requireNonNull(startAfter, "startAfter");
    if (maxKeys < 0) {
      throw new IllegalArgumentException("maxKeys cannot be negative");
    }
    Path bucketFolder = paths.bucket(bucket);
    try {
      return new FolderListing(bucket, prefix, startAfter, maxKeys, this::head).list(bucketFolder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the bucket " + bucket, e);
    }
  }

  @Override
  public boolean delete(ObjectRef ref) {
    requireNonNull(ref, "ref");
    Path data = paths.data(ref);
    Path sidecar = paths.sidecar(ref);
    ReentrantLock lock = lockFor(ref);
    lock.lock();
    try {
      boolean existed =
          Files.isRegularFile(data, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(data);
      Files.deleteIfExists(sidecar);
      removeEmptyFolders(data.getParent(), paths.bucket(ref.bucket()));
      removeEmptyFolders(sidecar.getParent(), paths.metaRoot().resolve(ref.bucket()));
      return existed;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + ref, e);
    } finally {
      lock.unlock();
    }
  }

  private Optional<ObjectInfo> describe(ObjectRef ref) throws IOException {
    Path data = paths.data(ref);
    if (!Files.isRegularFile(data, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty(); // also when a parent "folder" is a file
    }
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(data, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    Optional<FolderSidecar> sidecar = FolderSidecar.read(paths.sidecar(ref));
    if (sidecar.isPresent() && sidecar.get().describes(attributes.size(), modified)) {
      return Optional.of(info(ref, sidecar.get()));
    }
    // No sidecar, or one from another version of the file: describe the bytes themselves.
    String etag;
    try (InputStream in = Files.newInputStream(data)) {
      etag = md5(in);
    }
    Instant written = attributes.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MILLIS);
    return Optional.of(new ObjectInfo(ref, attributes.size(), written, etag, Map.of()));
  }

  private static ObjectInfo info(ObjectRef ref, FolderSidecar sidecar) {
    return new ObjectInfo(
        ref, sidecar.size(), sidecar.lastModified(), sidecar.etag(), sidecar.metadata());
  }

  /**
   * Copies {@code content} to {@code file}, flushed to disk, and returns its hex MD5; refuses
   * content larger than the limit as soon as it passes it.
   */
  private String copy(InputStream content, Path file) throws IOException {
    MessageDigest md5 = md5Digest();
    try (InputStream in = new DigestInputStream(content, md5);
        FileChannel channel =
            FileChannel.open(
                file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      OutputStream out = Channels.newOutputStream(channel);
      byte[] buffer = new byte[BUFFER];
      long written = 0;
      for (int n; (n = in.read(buffer)) >= 0; ) {
        written += n;
        if (written > maxObjectBytes) {
          throw StrataException.invalid(
              "the object is larger than the " + maxObjectBytes + " bytes this store accepts");
        }
        out.write(buffer, 0, n);
      }
      channel.force(true);
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  /**
   * Renames {@code from} over {@code to}, creating its folders. A delete of a neighbour may remove
   * a folder just created (it removes empty ones), so that is retried.
   */
  private void moveIntoPlace(ObjectRef ref, Path from, Path to) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        Files.createDirectories(to.getParent());
        if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
          deleteEmptyFolder(ref, to);
        }
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return;
      } catch (NoSuchFileException e) {
        if (attempt == PUT_ATTEMPTS) {
          throw e;
        }
      } catch (FileSystemException e) {
        if (blockedByFile(to.getParent())) {
          throw conflict(ref);
        }
        throw e;
      }
    }
  }

  /** Whether a file stands where {@code folder} or one of its parents should be a folder. */
  private boolean blockedByFile(Path folder) {
    for (Path current = folder;
        current != null && current.startsWith(root);
        current = current.getParent()) {
      if (Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS)) {
        return true;
      }
    }
    return false;
  }

  private static void deleteEmptyFolder(ObjectRef ref, Path folder) throws IOException {
    try {
      Files.delete(folder);
    } catch (DirectoryNotEmptyException e) {
      throw conflict(ref);
    }
  }

  /**
   * A key whose path a folder or file of another key already takes (S3 allows both, folders not).
   */
  private static StrataException conflict(ObjectRef ref) {
    return StrataException.invalid(
        "key",
        "'"
            + ref.key()
            + "' clashes with another object of the bucket: in a folder-backed store a key"
            + " cannot be both an object and a prefix followed by '/'");
  }

  private void removeEmptyFolders(Path folder, Path stopAt) {
    for (Path current = folder;
        current != null && current.startsWith(stopAt) && !current.equals(stopAt);
        current = current.getParent()) {
      try {
        Files.delete(current);
      } catch (IOException e) {
        return; // not empty (or already gone): its parents are not empty either
      }
    }
  }

  private ReentrantLock lockFor(ObjectRef ref) {
    return locks[Math.floorMod(ref.bucket().hashCode() * 31 + ref.key().hashCode(), LOCK_STRIPES)];
  }

  private Path temporaryFile() throws IOException {
    return Files.createFile(temp.resolve(UUID.randomUUID() + ".tmp"));
  }

  private void removeStaleTemporaries() throws IOException {
    Instant cutOff = clock.instant().minus(STALE_TEMP);
    try (var files = Files.newDirectoryStream(temp)) {
      for (Path file : files) {
        try {
          if (Files.getLastModifiedTime(file).toInstant().isBefore(cutOff)) {
            Files.deleteIfExists(file);
          }
        } catch (NoSuchFileException | AccessDeniedException e) {
          // another process removed it, or it is not ours to remove
        }
      }
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover temporary file is removed on a later start
    }
  }

  private static long modifiedNanos(Path file) throws IOException {
    return Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS);
  }

  private static String md5(InputStream in) throws IOException {
    MessageDigest md5 = md5Digest();
    byte[] buffer = new byte[BUFFER];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      md5.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  private static MessageDigest md5Digest() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has MD5", e);
    }
  }

  @Override
  public String toString() {
    return "FolderObjectStore[" + root + "]";
  }
}
