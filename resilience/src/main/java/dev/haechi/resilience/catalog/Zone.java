package dev.haechi.resilience.catalog;

/**
 * A room, floor or fire compartment ({@code kind: Zone}); a fire destroys a whole zone.
 *
 * @param parent the enclosing zone, or null
 */
public record Zone(String name, String site, String type, String parent, Source source) {
  public EntityRef ref() {
    return EntityRef.of("zone", name);
  }
}
