package dev.strata.server.s3;

import dev.strata.core.objectstore.ObjectInfo;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@code <ListBucketResult>} as ListObjectsV2 answers it; with {@code encoding-type=url}
 * keys and prefixes are percent-encoded (slashes kept), as clients that ask for it decode them.
 */
final class ListResultXml {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private ListResultXml() {}

  static XmlWriter write(String bucket, ListingQuery query, ListObjectsV2.Page page) {
    boolean encoded = query.urlEncoded();
    XmlWriter xml = new XmlWriter().openRoot("ListBucketResult");
    xml.element("Name", bucket);
    xml.element("Prefix", text(query.prefix(), encoded));
    if (!query.delimiter().isEmpty()) {
      xml.element("Delimiter", text(query.delimiter(), encoded));
    }
    xml.element("MaxKeys", query.maxKeys());
    xml.element("KeyCount", page.keyCount());
    xml.element("IsTruncated", page.nextToken().isPresent());
    query.continuationToken().ifPresent(token -> xml.element("ContinuationToken", token));
    page.nextToken().ifPresent(token -> xml.element("NextContinuationToken", token));
    query.startAfter().ifPresent(start -> xml.element("StartAfter", text(start, encoded)));
    if (encoded) {
      xml.element("EncodingType", "url");
    }
    for (ObjectInfo info : page.contents()) {
      xml.open("Contents");
      xml.element("Key", text(info.ref().key(), encoded));
      xml.element("LastModified", ObjectHeaders.listingTime(info.lastModified()));
      xml.element("ETag", ObjectHeaders.etag(info));
      xml.element("Size", info.size());
      xml.element("StorageClass", "STANDARD");
      xml.close("Contents");
    }
    for (String prefix : page.commonPrefixes()) {
      xml.open("CommonPrefixes").element("Prefix", text(prefix, encoded)).close("CommonPrefixes");
    }
    return xml.close("ListBucketResult");
  }

  private static String text(String value, boolean encoded) {
    if (!encoded) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~'
          || c == '/') {
        out.append(c);
      } else {
        out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
      }
    }
    return out.toString();
  }
}
