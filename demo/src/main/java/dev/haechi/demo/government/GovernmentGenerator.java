package dev.haechi.demo.government;

import dev.haechi.demo.output.OutputFolder;
import dev.haechi.demo.output.SeededStreams;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the government's resilience catalog (FORMATS.md §3) and describes, in the manifest, what
 * was planted in it.
 */
public final class GovernmentGenerator {
  private GovernmentGenerator() {}

  /**
   * Writes the catalog's YAML files into {@code folder} and adds {@code asOf}, {@code counts} and
   * {@code planted} to {@code manifest}.
   */
  public static void write(OutputFolder folder, long seed, double scale, ObjectNode manifest)
      throws IOException {
    GovernmentSizes sizes = GovernmentSizes.at(scale);
    GovernmentCatalog catalog = GovernmentCatalog.generate(new SeededStreams(seed), sizes);
    CatalogFiles.write(folder, catalog);
    describe(manifest, catalog);
    LiveReportsWeek.write(
        folder, catalog, new SeededStreams(seed).stream("government-live-reports"), manifest);
  }

  private static void describe(ObjectNode manifest, GovernmentCatalog catalog) {
    manifest.put("asOf", GovernmentCatalog.AS_OF.toString());
    ObjectNode counts = manifest.putObject("counts");
    counts.put("sites", 3);
    counts.put("zones", PhysicalEstate.ZONES.size() + 1);
    counts.put("components", catalog.components().size());
    for (int g = 1; g <= 4; g++) {
      final int grade = g;
      counts.put("grade" + g, catalog.components().stream().filter(c -> c.grade == grade).count());
    }
    counts.put("resources", catalog.resources().size());
    counts.put("backups", catalog.backups().size());
    long monthly = catalog.backups().stream().filter(Backup::monthly).count();
    counts.put("monthlyBackups", monthly);
    counts.put("monthlyShare", Math.round(1000.0 * monthly / catalog.backups().size()) / 1000.0);
    counts.put(
        "publicServices", catalog.components().stream().filter(c -> c.publicName != null).count());
    ObjectNode skipped = counts.putObject("kindsHaechiSkips");
    skipped.put("API", 2);
    skipped.put("Location", 1);
    skipped.put("User", 3);

    ObjectNode planted = manifest.putObject("planted");
    ObjectNode battery = planted.putObject("battery");
    battery.put("asset", PhysicalEstate.BATTERY);
    battery.put("zone", PhysicalEstate.FIRE_ROOM);
    battery.put("site", "daejeon");
    battery.put("chemistry", "li-ion-ncm");
    battery.put("packs", PhysicalEstate.BATTERY_PACKS);
    battery.put("manufactured", "2013-03-01");
    battery.put("installed", "2014-08-01");
    battery.put("ratedLifeYears", 10);
    battery.put("warrantyEnd", "2019-08-01");
    battery.put("openRecommendation", "2024-05-20 replace");
    battery.put("lastInspection", "2025-06-10 pass");
    battery.put("onlyFeedOfZone", true);

    ObjectNode store = planted.putObject("fileStore");
    store.put("name", GovernmentCatalog.FILE_STORE);
    store.put("ref", "resource:default/" + GovernmentCatalog.FILE_STORE);
    store.put("capacityTB", 858);
    store.put("zone", PhysicalEstate.FIRE_ROOM);
    store.put("backups", 0);
    store.put("replicas", 0);

    ObjectNode inventory = planted.putObject("inventorySystem");
    inventory.put("component", "component:default/" + GovernmentCatalog.INVENTORY);
    inventory.put("database", "resource:default/" + GovernmentCatalog.INVENTORY + "-db");
    inventory.put("zone", PhysicalEstate.FIRE_ROOM);
    inventory.put("backupZone", PhysicalEstate.FIRE_ROOM);
    planted.put("singleZoneSharedDependency", "component:default/gov-auth");

    ObjectNode room = planted.putObject("fireRoom");
    room.put("zone", PhysicalEstate.FIRE_ROOM);
    long placed =
        catalog.components().stream()
            .filter(c -> c.mainZone().equals(PhysicalEstate.FIRE_ROOM))
            .count();
    room.put("componentsActiveThere", placed);
    for (int g = 1; g <= 2; g++) {
      final int grade = g;
      room.put(
          "grade" + g + "ActiveThere",
          catalog.components().stream()
              .filter(c -> c.grade == grade && c.mainZone().equals(PhysicalEstate.FIRE_ROOM))
              .count());
    }
    room.put(
        "resourcesPrimaryThere",
        catalog.resources().stream()
            .filter(r -> r.mainZone().equals(PhysicalEstate.FIRE_ROOM))
            .count());
    Set<String> down = FireRoomReference.down(catalog, PhysicalEstate.FIRE_ROOM);
    room.put("componentsDownReference", FireRoomReference.components(down).size());
    room.put(
        "referenceRule",
        "an entity is down when no placement (any role) lies outside the zone; a component is"
            + " also down when anything it depends on is down");

    ObjectNode copies = planted.putObject("backupPlacement");
    copies.put(
        "sameZoneAsPrimary",
        catalog.backups().stream().filter(b -> b.zone().equals(primaryZone(catalog, b))).count());
    copies.put(
        "sameSiteAsPrimary",
        catalog.backups().stream()
            .filter(
                b ->
                    PhysicalEstate.siteOf(b.zone())
                        .equals(PhysicalEstate.siteOf(primaryZone(catalog, b))))
            .count());

    ObjectNode rpo = planted.putObject("monthlyBackupWithDailyRpo");
    rpo.put("count", catalog.monthlyWithDailyRpo().size());
    ArrayNode list = rpo.putArray("resources");
    catalog.monthlyWithDailyRpo().forEach(list::add);
    List<String> unachievable = rpoUnachievable(catalog);
    ObjectNode lost = planted.putObject("rpoUnachievable");
    lost.put("count", unachievable.size());
    ArrayNode lostList = lost.putArray("resources");
    unachievable.forEach(lostList::add);
    rpo.put(
        "note",
        "each is backed up every 30d with no replica but promises RPO 24h; g-drive (no backup,"
            + " RPO 24h) cannot meet its RPO either. Daily backups all succeeded at 02:00 on asOf.");
  }

  /**
   * Resources whose RPO no copy can keep: those backed up less often than their RPO, and those with
   * no replica or backup outside their primary zone (a fire there loses everything). This is the
   * rule of FORMATS.md §3 read at its worst case, a fire in the primary zone.
   */
  private static List<String> rpoUnachievable(GovernmentCatalog catalog) {
    Set<String> monthly = new HashSet<>(catalog.monthlyWithDailyRpo());
    List<String> result = new ArrayList<>();
    for (CatalogEntity r : catalog.resources()) {
      String primary = r.mainZone();
      boolean copyOutside = r.zones().stream().skip(1).anyMatch(z -> !z.equals(primary));
      for (Backup b : catalog.backups()) {
        copyOutside |= b.of().equals(r.ref()) && !b.zone().equals(primary);
      }
      if (!copyOutside || monthly.contains(r.name)) {
        result.add(r.name);
      }
    }
    return result;
  }

  private static String primaryZone(GovernmentCatalog catalog, Backup b) {
    String name = b.of().substring(b.of().indexOf('/') + 1);
    return catalog.resources().stream()
        .filter(r -> r.name.equals(name))
        .findFirst()
        .orElseThrow()
        .mainZone();
  }
}
