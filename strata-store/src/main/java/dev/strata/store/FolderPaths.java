package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where {@link FolderObjectStore} keeps an object: its bytes at {@code root/<bucket>/<key>}, its
 * sidecar under {@code root/.meta/<bucket>/}. Every path is checked to stay inside its bucket's
 * folder, and keys a folder cannot hold are refused with a message that says why.
 */
final class FolderPaths {
  private static final String META = ".meta";
  private static final String SIDECAR_SUFFIX = ".json";
  private static final String FOLDER_SUFFIX = ".d";

  /** The longest file name most file systems accept, less the sidecar's suffix. */
  private static final int MAX_SEGMENT_BYTES = 255 - SIDECAR_SUFFIX.length();

  private final Path root;

  FolderPaths(Path root) {
    this.root = requireNonNull(root, "root");
  }

  /** The folder of sidecars; bucket names cannot start with a dot, so no bucket clashes with it. */
  Path metaRoot() {
    return root.resolve(META);
  }

  /** The bucket's folder, after checking the bucket's name. */
  Path bucket(String bucket) {
    requireNonNull(bucket, "bucket");
    new ObjectRef.Prefix(bucket, ""); // validates the name
    return root.resolve(bucket);
  }

  Path data(ObjectRef ref) {
    return inside(bucket(ref.bucket()), checkedKey(ref));
  }

  /**
   * {@code root/.meta/<bucket>/<key>.json}, where each folder of the key gets the suffix {@code
   * .d}: then no sidecar's name is also a folder's name (key {@code a}'s sidecar {@code a.json} and
   * key {@code a.json/b}'s folder {@code a.json.d}).
   */
  Path sidecar(ObjectRef ref) {
    String key = checkedKey(ref);
    int lastSlash = key.lastIndexOf('/');
    String folders =
        lastSlash < 0
            ? ""
            : key.substring(0, lastSlash).replace("/", FOLDER_SUFFIX + "/") + FOLDER_SUFFIX + "/";
    return inside(
        metaRoot().resolve(ref.bucket()), folders + key.substring(lastSlash + 1) + SIDECAR_SUFFIX);
  }

  /** {@code folder/relative}, refused unless it stays inside {@code folder}. */
  private static Path inside(Path folder, String relative) {
    Path path = folder.resolve(relative).normalize();
    if (!path.startsWith(folder) || path.equals(folder)) {
      throw StrataException.invalid("key", "'" + relative + "' is not a key inside its bucket");
    }
    return path;
  }

  private static String checkedKey(ObjectRef ref) {
    String key = ref.key();
    if (key.endsWith("/")) {
      throw StrataException.invalid(
          "key", "a folder-backed store cannot hold a key ending in '/': '" + key + "'");
    }
    for (String segment : key.split("/")) {
      if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
        throw StrataException.invalid(
            "key",
            "each '/'-separated part of a key may have at most " + MAX_SEGMENT_BYTES + " bytes");
      }
    }
    return key;
  }
}
