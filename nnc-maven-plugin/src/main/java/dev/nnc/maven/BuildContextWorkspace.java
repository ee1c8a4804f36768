package dev.nnc.maven;

import dev.nnc.maven.generation.Workspace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.codehaus.plexus.build.BuildContext;

/** The generator's {@link Workspace} on top of plexus-build-api, which IDEs such as m2e implement. */
final class BuildContextWorkspace implements Workspace {

  private final BuildContext context;

  BuildContextWorkspace(BuildContext context) {
    this.context = context;
  }

  @Override
  public OutputStream newFileOutputStream(Path file) throws IOException {
    return context.newFileOutputStream(file.toFile());
  }

  @Override
  public void refresh(Path file) {
    context.refresh(file.toFile());
  }

  @Override
  public void removeMessages(Path file) {
    context.removeMessages(file.toFile());
  }

  @Override
  public void addError(Path file, int line, int column, String message) {
    context.addMessage(file.toFile(), line, column, message, BuildContext.SEVERITY_ERROR, null);
  }
}
