package dev.haechi.app;

/** Placeholder entry point replaced by the CLI. */
public final class HaechiMain {
  private HaechiMain() {}

  public static void main(String[] args) {}
}
