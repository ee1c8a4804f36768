package dev.nnc.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether standard output is an interactive terminal, so progress may be redrawn in place. */
final class Terminal {

  private Terminal() {}

  /**
   * On JDK 17 a console exists only for a terminal; from JDK 22 one may exist with output redirected,
   * and {@code Console.isTerminal()} (absent on 17, hence reflection) tells them apart.
   */
  static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
