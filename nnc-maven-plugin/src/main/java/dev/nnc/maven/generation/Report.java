package dev.nnc.maven.generation;

import java.util.List;

/**
 * What a run of the generator did.
 *
 * @param generated the models (relative paths) whose classes were generated
 * @param upToDate the models skipped because their inputs had not changed
 * @param removed generated files deleted because no model produces them any more
 * @param rebuildReason why nothing was taken from the earlier build, or null if its state was used
 */
public record Report(List<String> generated, List<String> upToDate, List<String> removed, String rebuildReason) {

  public Report {
    generated = List.copyOf(generated);
    upToDate = List.copyOf(upToDate);
    removed = List.copyOf(removed);
  }
}
