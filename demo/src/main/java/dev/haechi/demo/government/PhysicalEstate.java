package dev.haechi.demo.government;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The sites, rooms and power assets, the same at every scale: three data centres (Daejeon, Gwangju,
 * Daegu), each with server rooms, a backup vault and an electrical room. Every room but one is fed
 * by its site's utility feed, generator and a lead-acid (VRLA) UPS in the electrical room; no
 * lithium-ion battery but the planted one stands near servers. Daejeon's 5th-floor room {@value
 * #FIRE_ROOM} is fed only by the UPS battery standing in it — {@value #BATTERY}, 384 Li-ion NCM
 * packs made in 2013, installed August 2014, rated for ten years, out of warranty since 2019,
 * replacement recommended by the maintainer in May 2024 and still open, inspection passed June 2025
 * — so a fire or power loss there stops everything placed in the room. The other batteries are
 * within life and warranty.
 */
final class PhysicalEstate {
  static final String FIRE_ROOM = "dj-5f-r7";
  static final String BATTERY = "dj-ups-5f-a";
  static final int BATTERY_PACKS = 384;

  /** Zone name, site, type. */
  static final List<String[]> ZONES =
      List.of(
          new String[] {"dj-5f-r7", "daejeon", "room", "dj-5f"},
          new String[] {"dj-5f-r8", "daejeon", "room", "dj-5f"},
          new String[] {"dj-4f-r1", "daejeon", "room", null},
          new String[] {"dj-3f-r2", "daejeon", "room", null},
          new String[] {"dj-2f-r3", "daejeon", "room", null},
          new String[] {"dj-b1-vault", "daejeon", "vault", null},
          new String[] {"dj-b1-elec", "daejeon", "room", null},
          new String[] {"gj-1f-r1", "gwangju", "room", null},
          new String[] {"gj-2f-r1", "gwangju", "room", null},
          new String[] {"gj-b1-vault", "gwangju", "vault", null},
          new String[] {"gj-b1-elec", "gwangju", "room", null},
          new String[] {"dg-1f-r1", "daegu", "room", null},
          new String[] {"dg-2f-r1", "daegu", "room", null},
          new String[] {"dg-b1-vault", "daegu", "vault", null},
          new String[] {"dg-b1-elec", "daegu", "room", null});

  static final List<String> DAEJEON_ROOMS =
      List.of("dj-5f-r7", "dj-5f-r8", "dj-4f-r1", "dj-3f-r2", "dj-2f-r3");
  static final List<String> GWANGJU_ROOMS = List.of("gj-1f-r1", "gj-2f-r1");
  static final List<String> DAEGU_ROOMS = List.of("dg-1f-r1", "dg-2f-r1");

  private PhysicalEstate() {}

  static String siteOf(String zone) {
    return zone.startsWith("dj-") ? "daejeon" : zone.startsWith("gj-") ? "gwangju" : "daegu";
  }

  static void writeSites(Writer out) throws IOException {
    String[][] sites = {
      {"daejeon", "KR-30", "국가정보자원관리원 대전센터"},
      {"gwangju", "KR-29", "국가정보자원관리원 광주센터"},
      {"daegu", "KR-27", "국가정보자원관리원 대구센터"}
    };
    boolean first = true;
    for (String[] s : sites) {
      first = separator(out, first);
      out.write("apiVersion: haechi.dev/v1alpha1\nkind: Site\nmetadata:\n");
      out.write("  name: " + s[0] + "\n  title: " + YamlText.scalar(s[2]) + "\n");
      out.write("spec:\n  region: " + s[1] + "\n");
    }
    out.write("---\napiVersion: haechi.dev/v1alpha1\nkind: Zone\nmetadata:\n  name: dj-5f\n");
    out.write("spec:\n  site: daejeon\n  type: floor\n");
    for (String[] z : ZONES) {
      out.write("---\napiVersion: haechi.dev/v1alpha1\nkind: Zone\nmetadata:\n");
      out.write("  name: " + z[0] + "\nspec:\n  site: " + z[1] + "\n  type: " + z[2] + "\n");
      if (z[3] != null) {
        out.write("  parent: " + z[3] + "\n");
      }
    }
  }

  static void writePower(Writer out) throws IOException {
    out.write("apiVersion: haechi.dev/v1alpha1\nkind: PowerAsset\nmetadata:\n");
    out.write("  name: " + BATTERY + "\n");
    out.write("  title: " + YamlText.scalar("5층 전산실 UPS 리튬이온 배터리") + "\n");
    out.write(
        "  description: "
            + YamlText.scalar(
                BATTERY_PACKS
                    + " Li-ion NCM packs; made 2013, installed August 2014, rated for 10 years;"
                    + " replacement recommended May 2024, still open.")
            + "\n");
    out.write("spec:\n");
    out.write("  type: ups-battery\n");
    out.write("  chemistry: li-ion-ncm\n");
    out.write("  zone: " + FIRE_ROOM + "\n");
    out.write("  feeds: [" + FIRE_ROOM + "]\n");
    out.write("  manufactured: 2013-03-01\n");
    out.write("  installed: 2014-08-01\n");
    out.write("  ratedLifeYears: 10\n");
    out.write("  warrantyEnd: 2019-08-01\n");
    out.write("  lastInspection: {date: 2025-06-10, result: pass}\n");
    out.write("  recommendations:\n");
    out.write("    - {date: 2024-05-20, by: maintainer, action: replace, status: open}\n");
    String[][] sites = {
      {"dj", "daejeon", "dj-5f-r8, dj-4f-r1, dj-3f-r2, dj-2f-r3, dj-b1-vault, dj-b1-elec"},
      {"gj", "gwangju", "gj-1f-r1, gj-2f-r1, gj-b1-vault, gj-b1-elec"},
      {"dg", "daegu", "dg-1f-r1, dg-2f-r1, dg-b1-vault, dg-b1-elec"}
    };
    for (String[] s : sites) {
      String elec = s[0] + "-b1-elec";
      asset(out, s[0] + "-utility-a", "utility-feed", "none", elec, s[2], null, null, 0, null);
      asset(
          out,
          s[0] + "-gen-1",
          "generator",
          "none",
          elec,
          s[2],
          "2017-04-01",
          "2017-09-01",
          25,
          "2032-09-01");
      asset(
          out,
          s[0] + "-ups-b1",
          "ups-battery",
          "vrla",
          elec,
          s[2],
          "2021-01-15",
          "2021-06-01",
          10,
          "2026-06-01");
    }
    asset(
        out,
        "dj-ups-5f-b",
        "ups-battery",
        "vrla",
        "dj-b1-elec",
        "dj-5f-r8",
        "2022-02-01",
        "2022-07-01",
        10,
        "2027-07-01");
  }

  private static void asset(
      Writer out,
      String name,
      String type,
      String chemistry,
      String zone,
      String feeds,
      String manufactured,
      String installed,
      int life,
      String warranty)
      throws IOException {
    out.write("---\napiVersion: haechi.dev/v1alpha1\nkind: PowerAsset\nmetadata:\n");
    out.write(
        "  name: " + name + "\nspec:\n  type: " + type + "\n  chemistry: " + chemistry + "\n");
    out.write("  zone: " + zone + "\n  feeds: [" + feeds + "]\n");
    if (manufactured != null) {
      out.write("  manufactured: " + manufactured + "\n  installed: " + installed + "\n");
      out.write("  ratedLifeYears: " + life + "\n  warrantyEnd: " + warranty + "\n");
      out.write("  lastInspection: {date: 2025-06-10, result: pass}\n");
    }
  }

  private static boolean separator(Writer out, boolean first) throws IOException {
    if (!first) {
      out.write("---\n");
    }
    return false;
  }
}
