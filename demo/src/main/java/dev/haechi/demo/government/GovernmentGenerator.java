package dev.haechi.demo.government;

import dev.haechi.demo.output.OutputFolder;
import tools.jackson.databind.node.ObjectNode;

/** stub. */
public final class GovernmentGenerator {
  private GovernmentGenerator() {}

  public static void write(OutputFolder folder, long seed, double scale, ObjectNode manifest) {}
}
