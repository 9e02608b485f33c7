package dev.strata.core.testing;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.ObjectInfo;
import dev.strata.core.objectstore.ObjectListing;
import dev.strata.core.objectstore.ObjectRef;
import dev.strata.core.objectstore.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** An object store in memory, for tests: every bucket exists, objects are byte arrays. */
public final class InMemoryObjectStore implements ObjectStore {
  private record Stored(byte[] bytes, ObjectInfo info) {}

  private final ConcurrentSkipListMap<String, Stored> objects = new ConcurrentSkipListMap<>();
  private final Clock clock;
  private final long maxObjectBytes;

  public InMemoryObjectStore(Clock clock, long maxObjectBytes) {
    this.clock = requireNonNull(clock, "clock");
    this.maxObjectBytes = maxObjectBytes;
  }

  public InMemoryObjectStore() {
    this(Clock.systemUTC(), 64L << 20);
  }

  @Override
  public long maxObjectBytes() {
    return maxObjectBytes;
  }

  @Override
  public ObjectInfo put(ObjectRef ref, InputStream content, Map<String, String> metadata) {
    byte[] bytes;
    try (content) {
      bytes = content.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxObjectBytes + 1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (bytes.length > maxObjectBytes) {
      throw StrataException.invalid("the object is larger than " + maxObjectBytes + " bytes");
    }
    ObjectInfo info = new ObjectInfo(ref, bytes.length, clock.instant(), md5(bytes), metadata);
    objects.put(key(ref), new Stored(bytes, info));
    return info;
  }

  @Override
  public Optional<ObjectInfo> head(ObjectRef ref) {
    return Optional.ofNullable(objects.get(key(ref))).map(Stored::info);
  }

  @Override
  public Optional<InputStream> open(ObjectRef ref) {
    return Optional.ofNullable(objects.get(key(ref)))
        .map(stored -> new ByteArrayInputStream(stored.bytes()));
  }

  @Override
  public ObjectListing list(
      String bucket, String prefix, Optional<String> startAfter, int maxKeys) {
    String from = bucket + "/" + startAfter.orElse(prefix);
    List<ObjectInfo> page = new ArrayList<>();
    for (Map.Entry<String, Stored> entry : objects.tailMap(from, startAfter.isEmpty()).entrySet()) {
      ObjectInfo info = entry.getValue().info();
      if (!info.ref().bucket().equals(bucket) || !info.ref().key().startsWith(prefix)) {
        if (info.ref().bucket().compareTo(bucket) > 0) {
          break;
        }
        continue;
      }
      if (page.size() == maxKeys) {
        return new ObjectListing(page, Optional.of(page.get(page.size() - 1).ref().key()));
      }
      page.add(info);
    }
    return new ObjectListing(page, Optional.empty());
  }

  @Override
  public boolean delete(ObjectRef ref) {
    return objects.remove(key(ref)) != null;
  }

  private static String key(ObjectRef ref) {
    return ref.bucket() + "/" + ref.key();
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
