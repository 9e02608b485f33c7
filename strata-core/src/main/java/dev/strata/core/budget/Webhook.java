package dev.strata.core.budget;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/** Where budget alerts are posted, and the secret their HMAC signature is made with. */
public record Webhook(URI url, String secret) {
  public Webhook {
    requireNonNull(url, "url");
    requireNonNull(secret, "secret");
    String scheme = url.getScheme() == null ? "" : url.getScheme();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("a webhook URL is http(s), was " + url);
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("a webhook URL needs a host, was " + url);
    }
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("a webhook needs a secret to sign its alerts with");
    }
  }

  @Override
  public String toString() {
    return "Webhook[" + url + "]"; // never the secret
  }
}
