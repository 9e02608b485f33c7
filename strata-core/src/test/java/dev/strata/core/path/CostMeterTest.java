package dev.strata.core.path;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.Message;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Cost;
import dev.strata.core.money.Money;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.money.Tier;
import dev.strata.core.provider.ProviderRegistry;
import dev.strata.core.testing.FakeProvider;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CostMeterTest {
  private static final LocalDate DAY = LocalDate.parse("2025-07-01");
  private static final long ONE_SECOND = Duration.ofSeconds(1).toNanos();
  private static final PriceSource.MachineTime GPU =
      new PriceSource.MachineTime(Money.ofUsd("3.60"), 2);
  private static final ModelEntry LOCAL = Exchanges.local("llama", "local", GPU);

  private final CostMeter costMeter =
      new CostMeter(
          PriceBookLoader.shipped(), new ProviderRegistry(List.of(new FakeProvider("local"))));
  private final Operation.Chat chat =
      new Operation.Chat(ChatRequest.of("llama", "hi"), Optional.empty());

  @Test
  void meterChat_machineTime_chargesTheHourlyPriceForTheSlotTime() {
    ChatResponse answer =
        new ChatResponse(
            Message.assistant("hello"), StopReason.END_TURN, Optional.of(Usage.of(12, 40)));

    Metering metering = costMeter.meterChat(LOCAL, chat, answer, ONE_SECOND, DAY);

    // $3.60/h ÷ 2 slots × 1 s = $3.60 ÷ 3600 ÷ 2 = $0.0005
    assertThat(metering.cost().total()).isEqualTo(Money.ofUsd("0.0005"));
    assertThat(metering.cost().total().toUsdString()).isEqualTo("0.0005");
    assertThat(metering.usage()).isEqualTo(Usage.of(12, 40));
    assertThat(metering.source()).isEqualTo(UsageSource.PROVIDER);
    assertThat(metering.cost().priceReference()).isEqualTo("machine-time $3.6/h over 2 slots");
  }

  @Test
  void meterUndelivered_machineTime_stillChargesTheBusyTime() {
    Metering metering = costMeter.meterUndelivered(LOCAL, 3 * ONE_SECOND, DAY);

    assertThat(metering.usage()).isEqualTo(Usage.ZERO);
    assertThat(metering.cost().total()).isEqualTo(Money.ofUsd("0.0015"));
  }

  @Test
  void machineTime_isExactToThePicoDollarAndTruncatesBelowIt() {
    PriceSource.MachineTime oneSlot = new PriceSource.MachineTime(Money.ofUsd("3.60"), 1);
    PriceSource.MachineTime sevenSlots = new PriceSource.MachineTime(Money.ofUsd("3.60"), 7);

    // $3.60/h = 3.6e12 p$ per 3.6e12 ns: one pico-dollar per nanosecond
    assertThat(CostMeter.machineTime(oneSlot, 1).total()).isEqualTo(Money.ofPico(1));
    assertThat(CostMeter.machineTime(sevenSlots, 1).total()).isEqualTo(Money.ZERO);
    assertThat(CostMeter.machineTime(sevenSlots, 7).total()).isEqualTo(Money.ofPico(1));
    assertThat(CostMeter.machineTime(oneSlot, Duration.ofHours(1).toNanos()).total())
        .isEqualTo(Money.ofUsd("3.60"));
  }

  @Test
  void machineTime_negativeBusyTime_costsNothing() {
    Cost cost = CostMeter.machineTime(GPU, -5);

    assertThat(cost.total()).isEqualTo(Money.ZERO);
    assertThat(cost.tier()).isEqualTo(Tier.ON_DEMAND);
  }
}
