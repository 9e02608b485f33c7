package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.ObjectInfo;
import dev.strata.core.objectstore.ObjectListing;
import dev.strata.core.objectstore.ObjectRef;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a bucket folder's objects in key order. The walk goes depth first through each
 * folder's entries sorted by name, a folder's name taken with its trailing {@code /}: that visits
 * the keys in exactly their sorted order, so it stops as soon as the page is full, and skips
 * folders whose keys cannot match the prefix or all sort before the start key.
 */
final class FolderListing {
  private record Entry(Path path, String sortName, boolean folder) {}

  private final String bucket;
  private final String prefix;
  private final Optional<String> startAfter;
  private final int maxKeys;
  private final Function<ObjectRef, Optional<ObjectInfo>> describe;
  private final List<ObjectInfo> page = new ArrayList<>();
  private boolean more;

  FolderListing(
      String bucket,
      String prefix,
      Optional<String> startAfter,
      int maxKeys,
      Function<ObjectRef, Optional<ObjectInfo>> describe) {
    this.bucket = requireNonNull(bucket, "bucket");
    this.prefix = requireNonNull(prefix, "prefix");
    this.startAfter = requireNonNull(startAfter, "startAfter");
    this.maxKeys = maxKeys;
    this.describe = requireNonNull(describe, "describe");
  }

  ObjectListing list(Path bucketFolder) throws IOException {
    if (maxKeys > 0) {
      walk(bucketFolder, "");
    }
    Optional<String> continueAfter =
        more ? Optional.of(page.get(page.size() - 1).ref().key()) : Optional.empty();
    return new ObjectListing(page, continueAfter);
  }

  /**
   * Visits {@code folder}, whose keys start with {@code keyPrefix}; false once the page is full.
   */
  private boolean walk(Path folder, String keyPrefix) throws IOException {
    for (Entry entry : sortedEntries(folder)) {
      String key = keyPrefix + entry.sortName();
      boolean keepGoing = entry.folder() ? visitFolder(entry.path(), key) : visitFile(key);
      if (!keepGoing) {
        return false;
      }
    }
    return true;
  }

  private boolean visitFolder(Path folder, String keyPrefix) throws IOException {
    boolean mayMatch = keyPrefix.startsWith(prefix) || prefix.startsWith(keyPrefix);
    boolean allBeforeStart =
        startAfter.isPresent()
            && keyPrefix.compareTo(startAfter.get()) < 0
            && !startAfter.get().startsWith(keyPrefix);
    return !mayMatch || allBeforeStart || walk(folder, keyPrefix);
  }

  private boolean visitFile(String key) {
    if (!key.startsWith(prefix)
        || (startAfter.isPresent() && key.compareTo(startAfter.get()) <= 0)) {
      return true;
    }
    Optional<ObjectInfo> info = describe(key);
    if (info.isEmpty()) {
      return true;
    }
    if (page.size() == maxKeys) {
      more = true;
      return false;
    }
    page.add(info.get());
    return true;
  }

  /** The object {@code key} names, or empty when it vanished or is no valid key (a stray file). */
  private Optional<ObjectInfo> describe(String key) {
    try {
      return describe.apply(new ObjectRef(bucket, key));
    } catch (StrataException e) {
      return Optional.empty();
    }
  }

  private static List<Entry> sortedEntries(Path folder) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
      for (Path child : children) {
        BasicFileAttributes attributes;
        try {
          attributes =
              Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue; // deleted meanwhile
        }
        String name = child.getFileName().toString();
        if (attributes.isDirectory()) {
          entries.add(new Entry(child, name + "/", true));
        } else if (attributes.isRegularFile()) {
          entries.add(new Entry(child, name, false));
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of(); // no such bucket, or a folder removed meanwhile
    }
    entries.sort(Comparator.comparing(Entry::sortName));
    return entries;
  }
}
