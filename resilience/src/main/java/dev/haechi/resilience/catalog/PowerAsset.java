package dev.haechi.resilience.catalog;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * A power or cooling asset ({@code kind: PowerAsset}) standing in one zone and feeding others.
 *
 * @param type {@code ups-battery}, {@code ups}, {@code generator}, {@code utility-feed} or {@code
 *     cooling}
 * @param chemistry {@code li-ion-*}, {@code vrla} or {@code none}
 * @param zone where it stands, or null
 * @param ratedLifeYears the manufacturer's rated life, or 0 when not given
 * @param restoreEffort crew time to replace it when fire destroys it ({@code
 *     haechi.dev/restore-effort}), or null for the planner's default
 */
public record PowerAsset(
    String name,
    String type,
    String chemistry,
    String zone,
    List<String> feeds,
    LocalDate manufactured,
    LocalDate installed,
    int ratedLifeYears,
    LocalDate warrantyEnd,
    Inspection lastInspection,
    List<Recommendation> recommendations,
    Source source,
    Duration restoreEffort) {

  public static final List<String> TYPES =
      List.of("ups-battery", "ups", "generator", "utility-feed", "cooling");

  public PowerAsset {
    feeds = List.copyOf(feeds);
    recommendations = List.copyOf(recommendations);
  }

  /** Without a restore effort (the planner's default applies). */
  public PowerAsset(
      String name,
      String type,
      String chemistry,
      String zone,
      List<String> feeds,
      LocalDate manufactured,
      LocalDate installed,
      int ratedLifeYears,
      LocalDate warrantyEnd,
      Inspection lastInspection,
      List<Recommendation> recommendations,
      Source source) {
    this(
        name,
        type,
        chemistry,
        zone,
        feeds,
        manufactured,
        installed,
        ratedLifeYears,
        warrantyEnd,
        lastInspection,
        recommendations,
        source,
        null);
  }

  public EntityRef ref() {
    return EntityRef.of("powerasset", name);
  }

  /** True for cooling, false for the assets that supply power. */
  public boolean cooling() {
    return "cooling".equals(type);
  }

  /**
   * True when it needs power itself, and stops when the zone it stands in loses power: a UPS (its
   * input) and cooling (chillers, CRAC units). Generators and utility feeds are sources and need
   * none.
   */
  public boolean needsPower() {
    return "ups".equals(type) || "ups-battery".equals(type) || cooling();
  }

  /** True when it holds a battery: a {@code ups-battery}, or any asset with a battery chemistry. */
  public boolean battery() {
    return "ups-battery".equals(type) || (chemistry != null && !"none".equals(chemistry));
  }

  /** True for lithium-ion chemistries ({@code li-ion-*}). */
  public boolean lithiumIon() {
    return chemistry != null && chemistry.toLowerCase(Locale.ROOT).startsWith("li-ion");
  }
}
