package dev.strata.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.money.Money;
import dev.strata.server.VirtualThreadScheduler;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private StrataConfig load(String yaml, Map<String, String> env) throws IOException {
    Path file = dir.resolve("strata.yaml");
    Files.writeString(file, yaml);
    return ConfigLoader.load(Optional.of(file), env);
  }

  @Test
  void load_withoutAnyFile_givesWorkingDefaults() {
    StrataConfig config = ConfigLoader.load(Optional.empty(), Map.of());

    assertThat(config.server().port()).isEqualTo(8080);
    assertThat(config.home()).isEqualTo(Path.of(".strata"));
    assertThat(config.storeUrl()).startsWith("jdbc:sqlite:").endsWith("strata.db");
    assertThat(config.local().enabled()).isTrue();
    assertThat(config.local().modelName()).isEqualTo("qwen2.5-0.5b-instruct-q4_k_m");
    assertThat(config.ledger().flushInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.providers()).isEmpty();
    assertThat(config.server().maxBodyBytes()).isEqualTo(10L << 20);
    assertThat(config.server().maxBufferedBodyBytes()).isEqualTo(32L << 20);
    assertThat(config.server().virtualThreadScheduler())
        .isEqualTo(VirtualThreadScheduler.EVENT_LOOP);
  }

  @Test
  void load_theVirtualThreadScheduler_fromTheFileOrTheEnvironment() throws IOException {
    assertThat(
            load("server:\n  virtualThreadScheduler: JDK\n", Map.of())
                .server()
                .virtualThreadScheduler())
        .isEqualTo(VirtualThreadScheduler.JDK);
    assertThat(
            ConfigLoader.load(
                    Optional.empty(), Map.of("STRATA_SERVER_VIRTUAL_THREAD_SCHEDULER", "jdk"))
                .server()
                .virtualThreadScheduler())
        .isEqualTo(VirtualThreadScheduler.JDK);
  }

  @Test
  void load_anUnknownVirtualThreadScheduler_namesTheKeyAndTheChoices() {
    assertThatThrownBy(() -> load("server:\n  virtualThreadScheduler: carrier-pigeon\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("strata.yaml")
        .hasMessageContaining(
            "server.virtualThreadScheduler must be event-loop or jdk, not 'carrier-pigeon'");
  }

  @Test
  void load_aBodyBudgetSmallerThanTheLargestBody_namesBothKeys() {
    assertThatThrownBy(
            () ->
                load(
                    "server:\n  maxBodyBytes: 2097152\n  maxBufferedBodyBytes: 1048576\n",
                    Map.of()))
        .hasMessageContaining("strata.yaml")
        .hasMessageContaining("server.maxBufferedBodyBytes is 1048576")
        .hasMessageContaining("server.maxBodyBytes (2097152)");
  }

  @Test
  void load_spendControlsMetricsAndTracing_haveSafeDefaults() {
    StrataConfig config = ConfigLoader.load(Optional.empty(), Map.of());

    assertThat(config.budgets().timeZone()).isEqualTo(java.time.ZoneId.of("UTC"));
    assertThat(config.budgets().alertWebhooks()).isEmpty();
    assertThat(config.ledger().retentionDays()).isZero();
    assertThat(config.metrics().enabled()).isTrue();
    assertThat(config.metrics().bearerToken()).isEmpty();
    assertThat(config.tracing()).isEmpty();
  }

  @Test
  void load_budgetsAndTracingSettings_areRead() throws IOException {
    StrataConfig config =
        load(
            """
            budgets:
              timeZone: Europe/Oslo
              alertWebhooks:
                - url: https://hooks.example.com/strata
                  secret: ${HOOK_SECRET}
            telemetry:
              otlp:
                endpoint: http://127.0.0.1:4318
                headers:
                  x-api-key: abc
            """,
            Map.of("HOOK_SECRET", "s3cret"));

    assertThat(config.budgets().timeZone()).isEqualTo(java.time.ZoneId.of("Europe/Oslo"));
    assertThat(config.budgets().alertWebhooks())
        .singleElement()
        .satisfies(
            hook -> {
              assertThat(hook.url()).isEqualTo(URI.create("https://hooks.example.com/strata"));
              assertThat(hook.secret()).isEqualTo("s3cret");
            });
    assertThat(config.tracing().orElseThrow().endpoint()).isEqualTo(URI.create("http://127.0.0.1:4318"));
    assertThat(config.tracing().orElseThrow().headers()).containsEntry("x-api-key", "abc");
    assertThat(config.tracing().orElseThrow().toString()).doesNotContain("abc");
  }

  @Test
  void load_badTimeZoneOrWebhook_namesTheKey() {
    assertThatThrownBy(() -> load("budgets:\n  timeZone: Mars/Olympus\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("budgets.timeZone")
        .hasMessageContaining("Mars/Olympus");
    assertThatThrownBy(
            () ->
                load(
                    "budgets:\n  alertWebhooks:\n    - url: ftp://x/y\n      secret: s\n",
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("budgets.alertWebhooks[0].url");
    assertThatThrownBy(
            () -> load("budgets:\n  alertWebhooks:\n    - url: https://x/y\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("budgets.alertWebhooks[0].secret");
  }

  @Test
  void load_strataHome_movesTheDataFolderAndDatabase() {
    StrataConfig config = ConfigLoader.load(Optional.empty(), Map.of("STRATA_HOME", "/srv/strata"));

    assertThat(config.home()).isEqualTo(Path.of("/srv/strata"));
    assertThat(config.storeUrl()).isEqualTo("jdbc:sqlite:/srv/strata/strata.db");
  }

  @Test
  void load_environmentOverridesFileValues() throws IOException {
    StrataConfig config =
        load(
            "server:\n  port: 9000\nlocal:\n  machineCostPerHour: \"1.50\"\n",
            Map.of("STRATA_SERVER_PORT", "9100", "STRATA_LOCAL_MACHINE_COST_PER_HOUR", "2.25"));

    assertThat(config.server().port()).isEqualTo(9100);
    assertThat(config.local().machineCostPerHour()).isEqualTo(Money.ofUsd("2.25"));
  }

  @Test
  void load_environmentOverridesProviderSettingsDefinedInTheFile() throws IOException {
    StrataConfig config =
        load(
            "providers:\n  vllm:\n    baseUrl: http://127.0.0.1:8000/v1\n    apiKey: from-file\n",
            Map.of("STRATA_PROVIDERS_VLLM_API_KEY", "from-env"));

    assertThat(config.providers().get("vllm").apiKey()).contains("from-env");
  }

  @Test
  void load_interpolatesVariables_withDefaults() throws IOException {
    StrataConfig config =
        load(
            "providers:\n  up:\n    baseUrl: ${UP_URL:-http://127.0.0.1:1234/v1}\n    apiKey: ${UP_KEY}\n",
            Map.of("UP_KEY", "secret"));

    assertThat(config.providers().get("up").baseUrl()).isEqualTo(URI.create("http://127.0.0.1:1234/v1"));
    assertThat(config.providers().get("up").apiKey()).contains("secret");
  }

  @Test
  void load_missingVariable_namesFileKeyAndVariable() {
    assertThatThrownBy(() -> load("providers:\n  up:\n    baseUrl: ${NOPE}\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("strata.yaml")
        .hasMessageContaining("providers.up.baseUrl")
        .hasMessageContaining("${NOPE}");
  }

  @Test
  void load_unknownKey_namesFileKeyAndTheKnownOnes() {
    assertThatThrownBy(() -> load("server:\n  prot: 80\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("strata.yaml")
        .hasMessageContaining("server.prot")
        .hasMessageContaining("port");
  }

  @Test
  void load_wrongType_namesTheKeyAndValue() {
    assertThatThrownBy(() -> load("server:\n  port: eighty\n", Map.of()))
        .hasMessageContaining("server.port")
        .hasMessageContaining("eighty");
    assertThatThrownBy(() -> load("server:\n  port: 70000\n", Map.of()))
        .hasMessageContaining("between 0 and 65535");
    assertThatThrownBy(() -> load("ledger:\n  flushInterval: soon\n", Map.of()))
        .hasMessageContaining("ledger.flushInterval")
        .hasMessageContaining("250ms");
    assertThatThrownBy(() -> load("local:\n  machineCostPerHour: cheap\n", Map.of()))
        .hasMessageContaining("local.machineCostPerHour");
  }

  @Test
  void load_badValueFromEnvironment_namesTheVariable() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("STRATA_SERVER_PORT", "x")))
        .hasMessageContaining("environment variable STRATA_SERVER_PORT")
        .hasMessageContaining("server.port");
  }

  @Test
  void load_invalidYaml_namesTheLine() {
    assertThatThrownBy(() -> load("server:\n  port: [1,\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not valid YAML")
        .hasMessageContaining("line");
  }

  @Test
  void load_explicitFileMissing_isAnError() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir.resolve("nope.yaml")), Map.of()))
        .hasMessageContaining("nope.yaml")
        .hasMessageContaining("does not exist");
  }

  @Test
  void load_modelNamingAnUnknownProvider_isAnError() {
    assertThatThrownBy(() -> load("models:\n  - name: m\n    provider: ghost\n", Map.of()))
        .hasMessageContaining("models[0].provider")
        .hasMessageContaining("ghost");
  }

  @Test
  void load_aliasNamingAnUnknownModel_isAnError() {
    assertThatThrownBy(() -> load("aliases:\n  fast: [nothing]\n", Map.of()))
        .hasMessageContaining("aliases.fast")
        .hasMessageContaining("nothing");
  }

  @Test
  void load_unknownProviderType_isAnError() {
    assertThatThrownBy(
            () -> load("providers:\n  x:\n    type: carrier-pigeon\n    baseUrl: http://a/\n", Map.of()))
        .hasMessageContaining("providers.x.type")
        .hasMessageContaining("carrier-pigeon");
  }

  @Test
  void load_openAiApiKey_registersTheOpenAiProviderAndItsModels() {
    StrataConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", "http://127.0.0.1:9/v1"));

    assertThat(config.providers().get("openai").baseUrl()).isEqualTo(URI.create("http://127.0.0.1:9/v1"));
    assertThat(config.providers().get("openai").apiKey()).contains("sk-test");
    assertThat(config.models()).extracting(StrataConfig.ModelSettings::name)
        .contains("gpt-4o", "gpt-4o-mini", "text-embedding-3-small");
  }

  @Test
  void providerSettings_toStringHidesTheKey() throws IOException {
    StrataConfig config = load("providers:\n  up:\n    baseUrl: http://a.b/v1\n    apiKey: sk-hidden\n", Map.of());

    assertThat(config.providers().get("up").toString()).doesNotContain("sk-hidden");
  }

  @Test
  void environmentName_followsThePath() {
    assertThat(ConfigTree.environmentName("providers.openai.apiKey")).isEqualTo("STRATA_PROVIDERS_OPENAI_API_KEY");
    assertThat(ConfigTree.environmentName("server.maxBodyBytes")).isEqualTo("STRATA_SERVER_MAX_BODY_BYTES");
  }
}
