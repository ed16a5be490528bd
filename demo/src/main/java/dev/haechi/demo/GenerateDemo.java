package dev.haechi.demo;

import java.nio.file.Path;
import java.util.Set;

/**
 * A bare command for generating and timing the demo organisations without the app:
 *
 * <pre>java -cp … dev.haechi.demo.GenerateDemo OUT_DIR [SEED] [SCALE] [ORGANISATION…]</pre>
 *
 * Prints each organisation's folder, its file count and the wall-clock time it took.
 */
public final class GenerateDemo {
  private GenerateDemo() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: GenerateDemo OUT_DIR [SEED] [SCALE] [ORGANISATION...]");
      System.exit(2);
    }
    long seed = args.length > 1 ? Long.parseLong(args[1]) : DemoOptions.DEFAULT_SEED;
    double scale = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
    Set<String> organisations =
        args.length > 3
            ? Set.of(java.util.Arrays.copyOfRange(args, 3, args.length))
            : Set.copyOf(DemoOrganisations.ORGANISATIONS);
    DemoOptions options = new DemoOptions(seed, scale, organisations);
    for (String name : options.organisations()) {
      long start = System.nanoTime();
      GeneratedOrganisation g =
          DemoOrganisations.generate(Path.of(args[0]), new DemoOptions(seed, scale, Set.of(name)))
              .get(0);
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("%s: %d files in %s, %d ms%n", name, g.files().size(), g.directory(), ms);
    }
  }
}
