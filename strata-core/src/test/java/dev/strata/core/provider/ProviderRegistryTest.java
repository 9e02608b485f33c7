package dev.strata.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.testing.FakeProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

  @Test
  void constructor_duplicateName_isRejected() {
    assertThatThrownBy(
            () -> new ProviderRegistry(List.of(new FakeProvider("a"), new FakeProvider("a"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("provider 'a' is defined twice");
  }

  @Test
  void get_unknownName_isAnInternalError() {
    ProviderRegistry registry = new ProviderRegistry(List.of(new FakeProvider("a")));

    assertThatThrownBy(() -> registry.get("b"))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
        .hasMessageContaining("'b'");
    assertThat(registry.has("a")).isTrue();
    assertThat(registry.has("b")).isFalse();
    assertThat(registry).hasToString("ProviderRegistry[a]");
  }

  @Test
  void close_closesEveryProviderEvenWhenOneFails() {
    FakeProvider first = new FakeProvider("first");
    FakeProvider last = new FakeProvider("last");
    Provider failing =
        new Provider() {
          @Override
          public String name() {
            return "failing";
          }

          @Override
          public ChatResponse converse(ModelCall call) {
            throw new UnsupportedOperationException();
          }

          @Override
          public ChatResponse converseStream(ModelCall call, StreamSink sink) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void close() {
            throw new IllegalStateException("cannot close");
          }
        };
    ProviderRegistry registry = new ProviderRegistry(List.of(first, failing, last));

    registry.close();

    assertThat(first.isClosed()).isTrue();
    assertThat(last.isClosed()).isTrue();
    assertThat(registry.all()).containsExactly(first, failing, last);
  }
}
