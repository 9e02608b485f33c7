package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

  @Test
  void parse_readsRssAndHighWaterMark() {
    String status = "Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t  150000 kB\nThreads:\t30\n";

    assertThat(ProcessMemory.parse(status)).contains(new ProcessMemory(150_000, 204_800));
  }

  @Test
  void parse_isEmpty_withoutTheFields() {
    assertThat(ProcessMemory.parse("Name:\tkthreadd\n")).isEmpty();
  }

  @Test
  void read_isEmpty_forMissingProcess() {
    assertThat(ProcessMemory.read(Long.MAX_VALUE)).isEmpty();
  }
}
