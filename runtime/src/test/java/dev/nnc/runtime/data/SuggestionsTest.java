package dev.nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

  @Test
  void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
    assertEquals(3, Suggestions.editDistance("kitten", "sitting"));
    assertEquals(0, Suggestions.editDistance("abc", "abc"));
    assertEquals(3, Suggestions.editDistance("", "abc"));
    // A swap of neighbours is one typo, not two.
    assertEquals(1, Suggestions.editDistance("rleu", "relu"));
    assertEquals(Optional.of("relu"), Suggestions.closest("rleu", java.util.List.of("relu", "sigmoid", "tanh")));
  }

  @Test
  void suggestsOnlyPlausibleTypos() {
    List<String> columns = List.of("study_hours", "sleep_hours", "result");
    assertEquals(Optional.of("sleep_hours"), Suggestions.closest("sleep_hour", columns));
    assertEquals(Optional.of("result"), Suggestions.closest("Result", columns));
    assertEquals(Optional.empty(), Suggestions.closest("grade", columns));
  }
}
