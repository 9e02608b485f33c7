package dev.strata.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UrlClaimsTest {
  private final ErrorRenderer runtime = (response, failure) -> {};
  private final ErrorRenderer jobs = (response, failure) -> {};

  @Test
  void theLongestMatchingClaimWins() {
    UrlClaims claims = new UrlClaims();
    claims.claim("/model", runtime);
    claims.claim("/model-invocation-job", jobs);

    assertThat(claims.owner("/model-invocation-job/abc")).containsSame(jobs);
    assertThat(claims.owner("/model/x/converse")).containsSame(runtime);
  }

  @Test
  void anUnclaimedPath_hasNoOwner() {
    UrlClaims claims = new UrlClaims();
    claims.claim("/v1/messages", runtime);

    assertThat(claims.owner("/v1/chat/completions")).isEmpty();
  }

  @Test
  void aPrefixMustBeAPath() {
    assertThatThrownBy(() -> new UrlClaims().claim("model/", runtime))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
