package dev.haechi.resilience.catalog;

/** A data centre or campus ({@code kind: Site}); losing it loses every zone in it. */
public record Site(String name, String region, Source source) {
  public EntityRef ref() {
    return EntityRef.of("site", name);
  }
}
