package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.cache.CacheKey;
import dev.strata.core.cache.CachedAnswer;
import dev.strata.core.cache.CachedAnswerJson;
import dev.strata.core.cache.ResponseCache;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The response cache in Redis, shared by every Strata instance that uses the same server and key
 * prefix: each answer is one JSON value under {@code <prefix>:<tenant>:<model>:<sha256>}, expiring
 * by itself ({@code SET … PX}). Every command has a timeout. Redis bounds the memory (run it with
 * {@code maxmemory} and {@code allkeys-lru}); answers larger than {@code maxEntryBytes} are not kept.
 */
public final class RedisResponseCache implements ResponseCache {
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int SCAN_BATCH = 1000;

  private final RedisClient client;
  private final StatefulRedisConnection<String, byte[]> connection;
  private final RedisCommands<String, byte[]> redis;
  private final String prefix;
  private final int maxEntryBytes;

  private RedisResponseCache(
      RedisClient client, StatefulRedisConnection<String, byte[]> connection, String prefix, int maxEntryBytes) {
    this.client = client;
    this.connection = connection;
    this.redis = connection.sync();
    this.prefix = prefix;
    this.maxEntryBytes = maxEntryBytes;
  }

  /**
   * Connects to the Redis server at {@code url} (e.g. {@code redis://127.0.0.1:6379/0}); every
   * command, and the connection itself, gives up after {@code timeout}.
   *
   * @throws IllegalArgumentException for a bad URL or prefix
   * @throws io.lettuce.core.RedisException when the server cannot be reached
   */
  public static RedisResponseCache connect(
      String url, String keyPrefix, Duration timeout, int maxEntryBytes) {
    requireNonNull(url, "url");
    requireNonNull(keyPrefix, "keyPrefix");
    requireNonNull(timeout, "timeout");
    if (!PREFIX.matcher(keyPrefix).matches()) {
      throw new IllegalArgumentException(
          "the response cache's key prefix must be 1-64 letters, digits, '.', '_' or '-', got '" + keyPrefix + "'");
    }
    if (maxEntryBytes < 1) {
      throw new IllegalArgumentException("maxEntryBytes must be at least 1, got " + maxEntryBytes);
    }
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(timeout);
    RedisClient client = RedisClient.create(uri);
    try {
      StatefulRedisConnection<String, byte[]> connection =
          client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
      connection.setTimeout(timeout);
      return new RedisResponseCache(client, connection, keyPrefix, maxEntryBytes);
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  @Override
  public Optional<CachedAnswer> get(CacheKey key) {
    byte[] value = redis.get(redisKey(key));
    return value == null ? Optional.empty() : Optional.of(CachedAnswerJson.read(value));
  }

  @Override
  public void put(CacheKey key, CachedAnswer answer, Duration ttl) {
    if (ttl.toMillis() < 1) {
      return;
    }
    byte[] value = CachedAnswerJson.write(answer);
    if (value.length > maxEntryBytes) {
      return;
    }
    redis.set(redisKey(key), value, SetArgs.Builder.px(ttl.toMillis()));
  }

  @Override
  public boolean remove(CacheKey key) {
    return redis.unlink(redisKey(key)) > 0;
  }

  @Override
  public long removeAll(String tenant, String model) {
    String pattern =
        prefix + ":" + (tenant.isEmpty() ? "*" : encode(tenant)) + ":"
            + (model.isEmpty() ? "*" : encode(model)) + ":*";
    long removed = 0;
    ScanCursor cursor = ScanCursor.INITIAL;
    ScanArgs args = ScanArgs.Builder.matches(pattern).limit(SCAN_BATCH);
    do {
      KeyScanCursor<String> page = redis.scan(cursor, args);
      List<String> keys = page.getKeys();
      if (!keys.isEmpty()) {
        removed += redis.unlink(keys.toArray(String[]::new));
      }
      cursor = page;
    } while (!cursor.isFinished());
    return removed;
  }

  @Override
  public long size() {
    long count = 0;
    ScanCursor cursor = ScanCursor.INITIAL;
    ScanArgs args = ScanArgs.Builder.matches(prefix + ":*").limit(SCAN_BATCH);
    do {
      KeyScanCursor<String> page = redis.scan(cursor, args);
      count += page.getKeys().size();
      cursor = page;
    } while (!cursor.isFinished());
    return count;
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }

  private String redisKey(CacheKey key) {
    return prefix + ":" + encode(key.tenant()) + ":" + encode(key.model()) + ":" + key.digest();
  }

  /**
   * A name as a key segment: letters, digits, '.', '_' and '-' as they are, every other UTF-8 byte
   * as {@code %XX} — so segments hold no ':' and no glob character, and patterns match exactly.
   */
  static String encode(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-') {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "RedisResponseCache[" + prefix + "]";
  }
}
