package dev.nnc.runtime.train.schedule;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A learning-rate schedule's progress, for checkpoints: the counterpart of PyTorch's
 * {@code scheduler.state_dict()}, with values named as PyTorch names them ({@code last_epoch},
 * {@code base_lr}, {@code best}, {@code num_bad_epochs}, {@code cooldown_counter}).
 *
 * @param schedule the schedule's kind as PyTorch names it, e.g. {@code "StepLR"}; restoring checks it
 * @param values the values by name, sorted by name
 */
public record ScheduleState(String schedule, SortedMap<String, Double> values) {

  /** Copies the values into an unmodifiable sorted map. */
  public ScheduleState {
    Objects.requireNonNull(schedule, "schedule");
    values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
  }

  /** A state from name-value pairs. */
  public static ScheduleState of(String schedule, Map<String, Double> values) {
    return new ScheduleState(schedule, new TreeMap<>(values));
  }

  /**
   * The named value, checking the state belongs to {@code schedule}.
   *
   * @throws IllegalArgumentException if it is another schedule's state or lacks the value
   */
  double get(String expectedSchedule, String name) {
    if (!schedule.equals(expectedSchedule)) {
      throw new IllegalArgumentException(
          "cannot restore the state of a " + schedule + " schedule into " + expectedSchedule);
    }
    Double value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the " + schedule + " state lacks its " + name);
    }
    return value;
  }
}
