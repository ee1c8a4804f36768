package dev.nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Expected values from numpy: mean(axis=0), std(axis=0) (ddof=0), as sklearn's StandardScaler. */
class StandardScalerTest {

  @Test
  void fitsPopulationStatisticsAndGivesConstantColumnsScaleOne() {
    float[] data = {1, 10, 2, 10, 3, 10, 4, 10};
    StandardScaler scaler = StandardScaler.fit(data, 4, 2);
    assertArrayEquals(new float[] {2.5f, 10f}, scaler.mean());
    assertArrayEquals(new float[] {1.1180340f, 1f}, scaler.scale(), 1e-7f);
    scaler.transform(data, 4);
    assertArrayEquals(new float[] {-1.3416408f, 0, -0.4472136f, 0, 0.4472136f, 0, 1.3416408f, 0}, data,
        1e-6f);
  }

  @Test
  void keepsPrecisionForLargeOffsets() {
    StandardScaler scaler = StandardScaler.fit(new float[] {1e6f, 1e6f + 1, 1e6f + 2}, 3, 1);
    assertEquals(1000001f, scaler.mean()[0]);
    assertEquals(0.8164966f, scaler.scale()[0], 1e-7f);
  }

  @Test
  void fitsOnlyTheGivenRows() {
    StandardScaler scaler = StandardScaler.fit(new float[] {0, 2, 100}, 2, 1);
    assertArrayEquals(new float[] {1}, scaler.mean());
    assertArrayEquals(new float[] {1}, scaler.scale());
  }

  @Test
  void transformRowUsesStoredStatistics() {
    StandardScaler scaler = new StandardScaler(new float[] {1, -2}, new float[] {2, 4});
    float[] row = {5, 6};
    scaler.transformRow(row);
    assertArrayEquals(new float[] {2, 2}, row);
    assertEquals(2, scaler.featureCount());
  }

  @Test
  void identityLeavesValuesAlone() {
    float[] row = {3.5f, -1};
    StandardScaler.identity(2).transformRow(row);
    assertArrayEquals(new float[] {3.5f, -1}, row);
  }

  @Test
  void statisticsAreCopiedInAndOut() {
    float[] mean = {1};
    StandardScaler scaler = new StandardScaler(mean, new float[] {1});
    mean[0] = 7;
    scaler.mean()[0] = 9;
    assertEquals(1f, scaler.mean()[0]);
  }

  @Test
  void refusesInvalidStatistics() {
    assertThrows(IllegalArgumentException.class, () -> new StandardScaler(new float[2], new float[] {1}));
    assertThrows(IllegalArgumentException.class, () -> new StandardScaler(new float[1], new float[] {0}));
    assertThrows(IllegalArgumentException.class,
        () -> new StandardScaler(new float[1], new float[] {Float.NaN}));
    assertThrows(IllegalArgumentException.class, () -> StandardScaler.fit(new float[0], 0, 1));
  }
}
