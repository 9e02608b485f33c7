package dev.strata.providers.local;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the metadata section of a GGUF file (format versions 2 and 3, little-endian), skipping what
 * the engine does not need and never the tensor data. Every length is bounded, so a corrupt or
 * hostile file fails with an {@link IOException} instead of exhausting memory.
 */
final class GgufReader {
  private static final int MAGIC = 0x46554747; // "GGUF", little-endian
  private static final long MAX_KEYS = 100_000;
  private static final long MAX_ARRAY = 10_000_000;
  private static final int MAX_STRING_BYTES = 64 * 1024 * 1024;

  private static final int TYPE_UINT8 = 0;
  private static final int TYPE_INT8 = 1;
  private static final int TYPE_UINT16 = 2;
  private static final int TYPE_INT16 = 3;
  private static final int TYPE_UINT32 = 4;
  private static final int TYPE_INT32 = 5;
  private static final int TYPE_FLOAT32 = 6;
  private static final int TYPE_BOOL = 7;
  private static final int TYPE_STRING = 8;
  private static final int TYPE_ARRAY = 9;
  private static final int TYPE_UINT64 = 10;
  private static final int TYPE_INT64 = 11;
  private static final int TYPE_FLOAT64 = 12;

  /** llama.cpp's token types whose text the tokenizer turns into the token (parse_special). */
  private static final int TOKEN_TYPE_UNKNOWN = 2;

  private static final int TOKEN_TYPE_CONTROL = 3;

  private final InputStream in;
  private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

  private String architecture = "";
  private String modelName = "";
  private String tokenizerModel = "";
  private Boolean addBos;
  private boolean addEos;
  private int bosTokenId = -1;
  private int eosTokenId = -1;
  private final Map<String, Long> contextLengths = new HashMap<>();
  private List<String> tokens = List.of();
  private int[] tokenTypes = new int[0];

  private GgufReader(InputStream in) {
    this.in = in;
  }

  /** The metadata of {@code file}; an {@link IOException} says what is wrong with it. */
  static GgufHeader read(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return new GgufReader(in).header();
    }
  }

  private GgufHeader header() throws IOException {
    if (readInt() != MAGIC) {
      throw new IOException("it is not a GGUF file (the first four bytes are not 'GGUF')");
    }
    int version = readInt();
    if (version < 2 || version > 3) {
      throw new IOException("GGUF version " + version + " is not supported (2 and 3 are)");
    }
    readLong(); // tensor count
    long keys = readLong();
    if (keys < 0 || keys > MAX_KEYS) {
      throw new IOException("the GGUF header claims " + keys + " metadata keys");
    }
    for (long i = 0; i < keys; i++) {
      String key = readString();
      int type = readInt();
      entry(key, type);
    }
    return new GgufHeader(
        modelName,
        contextLengths.getOrDefault(architecture + ".context_length", 0L),
        addBos != null ? addBos : addsBosByDefault(tokenizerModel),
        bosTokenId,
        addEos,
        eosTokenId,
        controlTokens());
  }

  /**
   * llama.cpp's default when {@code add_bos_token} is absent: SentencePiece ({@code llama}) and
   * WordPiece ({@code bert}) vocabularies start with BOS; the others do not. Current converters
   * write the key, so this only matters for old files.
   */
  private static boolean addsBosByDefault(String tokenizerModel) {
    return tokenizerModel.equals("llama") || tokenizerModel.equals("bert");
  }

  private List<String> controlTokens() {
    List<String> control = new ArrayList<>();
    for (int id = 0; id < Math.min(tokens.size(), tokenTypes.length); id++) {
      int type = tokenTypes[id];
      String text = tokens.get(id);
      if ((type == TOKEN_TYPE_CONTROL || type == TOKEN_TYPE_UNKNOWN) && !text.isEmpty()) {
        control.add(text);
      }
    }
    return control;
  }

  private void entry(String key, int type) throws IOException {
    switch (key) {
      case "general.architecture" -> architecture = stringValue(key, type);
      case "general.name" -> modelName = stringValue(key, type);
      case "tokenizer.ggml.model" -> tokenizerModel = stringValue(key, type);
      case "tokenizer.ggml.add_bos_token" -> addBos = boolValue(key, type);
      case "tokenizer.ggml.add_eos_token" -> addEos = boolValue(key, type);
      case "tokenizer.ggml.bos_token_id" -> bosTokenId = (int) integerValue(key, type);
      case "tokenizer.ggml.eos_token_id" -> eosTokenId = (int) integerValue(key, type);
      case "tokenizer.ggml.tokens" -> tokens = stringArray(key, type);
      case "tokenizer.ggml.token_type" -> tokenTypes = intArray(key, type);
      default -> {
        if (key.endsWith(".context_length") && isInteger(type)) {
          contextLengths.put(key, integerValue(key, type));
        } else {
          skipValue(type);
        }
      }
    }
  }

  private String stringValue(String key, int type) throws IOException {
    expect(key, type, TYPE_STRING);
    return readString();
  }

  private boolean boolValue(String key, int type) throws IOException {
    expect(key, type, TYPE_BOOL);
    return readByte() != 0;
  }

  private long integerValue(String key, int type) throws IOException {
    return switch (type) {
      case TYPE_UINT8 -> readByte() & 0xFF;
      case TYPE_INT8 -> (byte) readByte();
      case TYPE_UINT16 -> readShort() & 0xFFFF;
      case TYPE_INT16 -> readShort();
      case TYPE_UINT32 -> readInt() & 0xFFFF_FFFFL;
      case TYPE_INT32 -> readInt();
      case TYPE_UINT64, TYPE_INT64 -> readLong();
      default ->
          throw new IOException("metadata key " + key + " has type " + type + ", not an integer");
    };
  }

  private static boolean isInteger(int type) {
    return type <= TYPE_INT32 || type == TYPE_UINT64 || type == TYPE_INT64;
  }

  private List<String> stringArray(String key, int type) throws IOException {
    expect(key, type, TYPE_ARRAY);
    int itemType = readInt();
    long count = arrayLength(key);
    if (itemType != TYPE_STRING) {
      throw new IOException("metadata key " + key + " is not an array of strings");
    }
    List<String> values = new ArrayList<>((int) Math.min(count, 1 << 20));
    for (long i = 0; i < count; i++) {
      values.add(readString());
    }
    return values;
  }

  private int[] intArray(String key, int type) throws IOException {
    expect(key, type, TYPE_ARRAY);
    int itemType = readInt();
    long count = arrayLength(key);
    if (itemType != TYPE_INT32 && itemType != TYPE_UINT32) {
      throw new IOException("metadata key " + key + " is not an array of 32-bit integers");
    }
    int[] values = new int[(int) count];
    for (int i = 0; i < values.length; i++) {
      values[i] = readInt();
    }
    return values;
  }

  private long arrayLength(String key) throws IOException {
    long count = readLong();
    if (count < 0 || count > MAX_ARRAY) {
      throw new IOException("metadata key " + key + " claims an array of " + count + " items");
    }
    return count;
  }

  private static void expect(String key, int type, int expected) throws IOException {
    if (type != expected) {
      throw new IOException(
          "metadata key " + key + " has type " + type + " where " + expected + " was expected");
    }
  }

  private void skipValue(int type) throws IOException {
    switch (type) {
      case TYPE_UINT8, TYPE_INT8, TYPE_BOOL -> skip(1);
      case TYPE_UINT16, TYPE_INT16 -> skip(2);
      case TYPE_UINT32, TYPE_INT32, TYPE_FLOAT32 -> skip(4);
      case TYPE_UINT64, TYPE_INT64, TYPE_FLOAT64 -> skip(8);
      case TYPE_STRING -> skip(stringLength());
      case TYPE_ARRAY -> {
        int itemType = readInt();
        long count = arrayLength("(array)");
        for (long i = 0; i < count; i++) {
          skipValue(itemType);
        }
      }
      default -> throw new IOException("unknown GGUF metadata type " + type);
    }
  }

  private String readString() throws IOException {
    return new String(readBytes(stringLength()), StandardCharsets.UTF_8);
  }

  private int stringLength() throws IOException {
    long length = readLong();
    if (length < 0 || length > MAX_STRING_BYTES) {
      throw new IOException("the GGUF header claims a string of " + length + " bytes");
    }
    return (int) length;
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("the file ends inside its GGUF header");
    }
    return b;
  }

  private short readShort() throws IOException {
    return fill(2).getShort(0);
  }

  private int readInt() throws IOException {
    return fill(4).getInt(0);
  }

  private long readLong() throws IOException {
    return fill(8).getLong(0);
  }

  private ByteBuffer fill(int n) throws IOException {
    if (in.readNBytes(scratch.array(), 0, n) != n) {
      throw new EOFException("the file ends inside its GGUF header");
    }
    return scratch;
  }

  private byte[] readBytes(int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length != n) {
      throw new EOFException("the file ends inside its GGUF header");
    }
    return bytes;
  }

  private void skip(long n) throws IOException {
    long left = n;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        readByte();
        skipped = 1;
      }
      left -= skipped;
    }
  }
}
