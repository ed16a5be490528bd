package dev.haechi.connectors.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.SourceRef;
import dev.haechi.identity.readers.ScimAccountReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The live mapping must give the same accounts as the identity module's reader of a saved {@code
 * ListResponse} holding the same users (up to the source reference).
 */
class ScimUserMappingAgreementTest {

  @Property(tries = 200)
  void live_mapping_agrees_with_the_list_response_file_reader(@ForAll long seed) {
    Random r = new Random(seed);
    ObjectNode list = ScimClient.JSON.createObjectNode();
    ArrayNode resources = list.putArray("Resources");
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) {
      resources.add(randomUser(r, i));
    }
    list.put("totalResults", n);

    List<Account> live = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      live.add(ScimUserMapping.account(resources.get(i), "live", "okta"));
    }
    List<Account> file = readFile(list);

    assertThat(withoutSource(live)).isEqualTo(withoutSource(file));
  }

  private static List<Account> readFile(ObjectNode list) {
    try {
      Path f = Files.createTempFile("scim-list", ".json");
      try {
        Files.writeString(f, ScimClient.JSON.writeValueAsString(list));
        return ScimAccountReader.read(f, "export.json", "okta");
      } finally {
        Files.delete(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode randomUser(Random r, int i) {
    ObjectNode u = ScimClient.JSON.createObjectNode();
    u.put("id", "id-" + i);
    if (r.nextBoolean()) {
      u.put("userName", pick(r, "jkim", " J.Kim ", "김진", ""));
    }
    if (r.nextInt(3) > 0) {
      u.put("active", r.nextBoolean());
    }
    if (r.nextBoolean()) {
      ArrayNode emails = u.putArray("emails");
      int k = r.nextInt(3);
      for (int j = 0; j < k; j++) {
        ObjectNode e = emails.addObject();
        e.put("value", "m" + j + "@example.org");
        if (r.nextInt(3) == 0) {
          e.put("primary", true);
        }
      }
    }
    if (r.nextBoolean()) {
      u.put("externalId", pick(r, "ext-1", " ", "E77"));
    }
    if (r.nextBoolean()) {
      u.putObject(ScimUserMapping.ENTERPRISE).put("employeeNumber", pick(r, "E1", "", "E2 "));
    }
    if (r.nextBoolean()) {
      ObjectNode meta = u.putObject("meta");
      if (r.nextBoolean()) {
        meta.put("created", date(r));
      }
      if (r.nextBoolean()) {
        meta.put("lastModified", date(r));
      }
    }
    if (r.nextBoolean()) {
      ArrayNode groups = u.putArray("groups");
      groups.addObject().put("value", "g").put("display", pick(r, "Domain Admins", "staff"));
      groups.addObject().put("value", "h");
    }
    return u;
  }

  private static String date(Random r) {
    return pick(
        r,
        "2024-01-02T03:04:05Z",
        "2024-01-02T03:04:05.123+09:00",
        "2024-01-02T03:04:05",
        "2024-01-02",
        "2011-05-13T04:42:34.5Z");
  }

  private static String pick(Random r, String... options) {
    return options[r.nextInt(options.length)];
  }

  private static List<Account> withoutSource(List<Account> accounts) {
    return accounts.stream()
        .map(
            a ->
                new Account(
                    a.system(),
                    a.accountId(),
                    a.username(),
                    a.email(),
                    a.employeeId(),
                    a.enabled(),
                    a.privileged(),
                    a.lastLogin(),
                    a.loginsTracked(),
                    a.created(),
                    a.expires(),
                    a.groups(),
                    a.attributes(),
                    new SourceRef("-", 0)))
        .toList();
  }
}
