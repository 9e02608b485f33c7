package dev.strata.server.aws;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpRequest;

/** Turns what the AWS SDK would send into the {@link SignedRequest} a frontend would build. */
final class SdkRequests {
  private SdkRequests() {}

  static SignedRequest received(SdkHttpRequest sent, byte[] body) {
    URI uri = sent.getUri();
    Map<String, List<String>> headers = new LinkedHashMap<>(sent.headers());
    if (headers.keySet().stream().noneMatch("host"::equalsIgnoreCase)) {
      // The HTTP client adds Host from the URI, as the signer assumed.
      int standardPort = "https".equals(sent.protocol()) ? 443 : 80;
      boolean defaultPort = uri.getPort() == -1 || uri.getPort() == standardPort;
      headers.put("Host", List.of(uri.getHost() + (defaultPort ? "" : ":" + uri.getPort())));
    }
    return new SignedRequest(
        sent.method().name(),
        uri.getRawPath(),
        uri.getRawQuery(),
        headers,
        body);
  }
}
