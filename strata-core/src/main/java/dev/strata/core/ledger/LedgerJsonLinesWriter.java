package dev.strata.core.ledger;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The raw ledger as JSON Lines: one object per record, cost as an exact USD string and in pico-dollars. */
final class LedgerJsonLinesWriter implements ExportWriter {
  private final Appendable out;

  LedgerJsonLinesWriter(Appendable out) {
    this.out = requireNonNull(out, "out");
  }

  @Override
  public void begin() {}

  @Override
  public void write(UsageRecord record) {
    StringWriter line = new StringWriter(512);
    try (JsonGenerator json = ExportJson.MAPPER.getFactory().createGenerator(line)) {
      UsageRecordJson.write(json, record);
    } catch (IOException e) {
      throw new UncheckedIOException("writing a JSON line failed", e);
    }
    try {
      out.append(line.toString()).append('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("writing an export failed", e);
    }
  }
}
