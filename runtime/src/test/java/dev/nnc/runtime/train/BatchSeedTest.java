package dev.nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchSeedTest {

  @Test
  void mixIsSplitMix64sFinalizer() {
    // the first output of SplitMix64 seeded with 0 (Vigna's reference implementation)
    assertEquals(0xE220A8397B1DCDAFL, BatchSeed.mix(0x9E3779B97F4A7C15L));
  }

  @Test
  void everyBatchOfEveryEpochGetsItsOwnSeed() {
    Set<Long> seeds = new HashSet<>();
    for (long run : new long[] {0, 1, 42}) {
      for (int epoch = 1; epoch <= 50; epoch++) {
        for (int batch = 1; batch <= 50; batch++) {
          seeds.add(BatchSeed.of(run, epoch, batch));
        }
      }
    }
    assertEquals(3 * 50 * 50, seeds.size());
    assertEquals(BatchSeed.of(7, 3, 9), BatchSeed.of(7, 3, 9));
  }
}
