package dev.haechi.demo.government;

import dev.haechi.demo.output.OutputFolder;
import dev.haechi.demo.output.SeededStreams;
import java.io.IOException;
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
    counts.put("skippedKinds", "API:2,User:3,Location:1");

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

    ObjectNode rpo = planted.putObject("monthlyBackupWithDailyRpo");
    rpo.put("count", catalog.monthlyWithDailyRpo().size());
    ArrayNode list = rpo.putArray("resources");
    catalog.monthlyWithDailyRpo().forEach(list::add);
  }
}
