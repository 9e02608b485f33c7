package dev.strata.server.s3;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** Writes the small XML documents S3 answers with: elements and escaped text, nothing more. */
final class XmlWriter {
  private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  static final String S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

  private final StringBuilder out = new StringBuilder(512).append(DECLARATION);

  XmlWriter open(String name) {
    out.append('<').append(name).append('>');
    return this;
  }

  /** Opens the document's root element in S3's namespace. */
  XmlWriter openRoot(String name) {
    out.append('<').append(name).append(" xmlns=\"").append(S3_NAMESPACE).append("\">");
    return this;
  }

  XmlWriter close(String name) {
    out.append("</").append(name).append('>');
    return this;
  }

  XmlWriter element(String name, String text) {
    open(name);
    escape(text);
    return close(name);
  }

  XmlWriter element(String name, long value) {
    return element(name, Long.toString(value));
  }

  XmlWriter element(String name, boolean value) {
    return element(name, Boolean.toString(value));
  }

  Buffer toBuffer() {
    return Buffer.buffer(out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private void escape(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        case '\r' -> out.append("&#13;");
        default -> out.append(c);
      }
    }
  }
}
