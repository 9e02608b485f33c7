package dev.strata.core.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes CSV lines per RFC 4180: CRLF line ends; a field with a comma, quote or line break is quoted. */
final class CsvLine {
  private CsvLine() {}

  static void write(Appendable out, List<String> fields) {
    try {
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        field(out, fields.get(i));
      }
      out.append("\r\n");
    } catch (IOException e) {
      throw new UncheckedIOException("writing an export failed", e);
    }
  }

  private static void field(Appendable out, String value) throws IOException {
    boolean quote = false;
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    if (!quote) {
      out.append(value);
      return;
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        out.append('"');
      }
      out.append(c);
    }
    out.append('"');
  }
}
