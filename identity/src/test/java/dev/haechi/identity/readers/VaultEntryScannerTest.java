package dev.haechi.identity.readers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

/**
 * The fast scanner against the reference ({@link VaultEntry#parse}, Jackson): wherever the scanner
 * answers, the reference gives the same fields and accepts the entry; on plain entries, the shape
 * Vault writes, the scanner always answers.
 */
class VaultEntryScannerTest {

  @Property(tries = 3000)
  void scanner_answers_exactly_what_the_reference_parser_says(@ForAll long seed) {
    Random random = new Random(seed);
    String line = new EntryText(random, random.nextInt(4) == 0).entry();
    if (random.nextInt(3) == 0) {
      line = corrupt(line, random);
    }
    assertAgrees(line);
  }

  @Property(tries = 1000)
  void scanner_answers_for_every_plain_entry(@ForAll long seed) {
    String line = new EntryText(new Random(seed), false).entry();
    byte[] b = line.getBytes(StandardCharsets.UTF_8);

    assertThat(VaultEntryScanner.scan(b, 0, b.length)).as(line).isNotNull();
    assertAgrees(line);
  }

  @Test
  void a_vault_request_entry_gives_its_fields() {
    String line =
        "{\"time\":\"2024-10-22T12:41:07.123Z\",\"type\":\"request\",\"auth\":{\"client_token\":"
            + "\"hmac-sha256:ab\",\"display_name\":\"oidc-jkim\",\"metadata\":{\"role\":\"eng\","
            + "\"username\":\" jkim \"},\"policies\":[\"default\",\"keys\"],\"token_ttl\":3600},"
            + "\"request\":{\"id\":\"r-1\",\"operation\":\"read\",\"mount_type\":\"transit\","
            + "\"path\":\"transit/export/signing-key/token-signer\",\"data\":null,"
            + "\"remote_address\":\"10.0.0.7\",\"wrap_ttl\":0}}";
    byte[] b = line.getBytes(StandardCharsets.UTF_8);

    assertThat(VaultEntryScanner.scan(b, 0, b.length))
        .isEqualTo(
            new VaultEntry(
                "2024-10-22T12:41:07.123Z",
                null,
                "oidc-jkim",
                "jkim",
                "r-1",
                "read",
                "transit/export/signing-key/token-signer",
                null,
                null));
  }

  @Test
  void escapes_non_ascii_and_bad_json_are_left_to_the_reference() {
    for (String line :
        List.of(
            "{\"time\":\"a\\u0041\"}",
            "{\"time\":\"서울\"}",
            "{\"time\":1,}",
            "{\"time\":01}",
            "{\"time\":\"x\"} {}",
            "{\"request\":{\"path\":\"p\"}")) {
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      assertThat(VaultEntryScanner.scan(b, 0, b.length)).as(line).isNull();
    }
  }

  private static void assertAgrees(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    VaultEntry fast = VaultEntryScanner.scan(b, 0, b.length);
    if (fast == null) {
      return;
    }
    VaultEntry reference;
    try {
      reference = VaultEntry.parse(b, 0, b.length);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new AssertionError("scanner accepted what the reference rejects: " + line, e);
    }
    assertThat(fast).as(line).isEqualTo(reference);
  }

  private static String corrupt(String line, Random random) {
    StringBuilder sb = new StringBuilder(line);
    int at = random.nextInt(sb.length());
    String noise = "{}[],:\" \\0-1eE.tnfx\t";
    switch (random.nextInt(3)) {
      case 0 -> sb.deleteCharAt(at);
      case 1 -> sb.insert(at, noise.charAt(random.nextInt(noise.length())));
      default -> sb.setCharAt(at, noise.charAt(random.nextInt(noise.length())));
    }
    return sb.toString();
  }

  /** Random audit entries: the fields custody needs among others, in any order, any types. */
  static final class EntryText {
    private final Random random;
    private final boolean unusual;

    EntryText(Random random, boolean unusual) {
      this.random = random;
      this.unusual = unusual;
    }

    String entry() {
      List<String> members = new ArrayList<>();
      members.add(member("time", value("time")));
      members.add(member("type", str(random.nextBoolean() ? "request" : "response")));
      members.add(member("auth", auth()));
      members.add(member("request", request()));
      if (random.nextInt(3) == 0) {
        members.add(member("error", errorValue()));
      }
      if (random.nextInt(3) == 0) {
        members.add(member("response", any(2)));
      }
      if (random.nextInt(5) == 0) {
        members.add(member(pick("time", "auth", "request", "error"), any(2)));
      }
      java.util.Collections.shuffle(members, random);
      return object(members);
    }

    private String auth() {
      if (random.nextInt(10) == 0) {
        return any(1);
      }
      List<String> m = new ArrayList<>();
      if (random.nextInt(5) > 0) {
        m.add(member("display_name", value("oidc-u" + random.nextInt(50))));
      }
      if (random.nextInt(3) > 0) {
        m.add(member("metadata", metadata()));
      }
      if (random.nextInt(3) > 0) {
        m.add(member("entity_id", value("e" + random.nextInt(20))));
      }
      m.add(member("policies", "[" + str("default") + "," + str("ops") + "]"));
      m.add(member("token_ttl", Integer.toString(random.nextInt(10_000))));
      if (random.nextInt(8) == 0) {
        m.add(member(pick("display_name", "metadata", "entity_id"), any(2)));
      }
      java.util.Collections.shuffle(m, random);
      return object(m);
    }

    private String metadata() {
      if (random.nextInt(8) == 0) {
        return any(1);
      }
      List<String> m = new ArrayList<>();
      m.add(member("role", str("eng")));
      if (random.nextInt(4) > 0) {
        m.add(member("username", value("u" + random.nextInt(50))));
      }
      if (random.nextInt(3) > 0) {
        m.add(member("email", value("u" + random.nextInt(50) + "@corp.example")));
      }
      java.util.Collections.shuffle(m, random);
      return object(m);
    }

    private String request() {
      if (random.nextInt(10) == 0) {
        return any(1);
      }
      List<String> m = new ArrayList<>();
      m.add(member("id", value("r" + random.nextInt(1000))));
      m.add(member("operation", value(pick("read", "update", "list", "create"))));
      m.add(member("path", value(pick("secret/data/app1", "transit/keys/k", "sys/health"))));
      m.add(member("mount_type", str("kv")));
      m.add(member("data", any(2)));
      m.add(member("remote_address", str("10.0.0." + random.nextInt(255))));
      if (random.nextInt(8) == 0) {
        m.add(member(pick("id", "operation", "path"), any(2)));
      }
      java.util.Collections.shuffle(m, random);
      return object(m);
    }

    /** Usually the string; sometimes padded, empty, or another type. */
    private String value(String text) {
      return switch (random.nextInt(12)) {
        case 0 -> str(" " + text + "  ");
        case 1 -> str("");
        case 2 -> str("   ");
        case 3 -> any(2);
        default -> str(text);
      };
    }

    private String errorValue() {
      return switch (random.nextInt(5)) {
        case 0 -> "null";
        case 1 -> str("permission denied");
        case 2 -> str(" ");
        default -> any(2);
      };
    }

    private String any(int depth) {
      int kind = random.nextInt(depth > 3 ? 7 : 9);
      return switch (kind) {
        case 0 -> "null";
        case 1 -> random.nextBoolean() ? "true" : "false";
        case 2 -> number();
        case 3, 4, 5, 6 -> str("v" + random.nextInt(100));
        case 7 -> {
          List<String> m = new ArrayList<>();
          for (int k = random.nextInt(4); k > 0; k--) {
            m.add(member("k" + random.nextInt(5), any(depth + 1)));
          }
          yield object(m);
        }
        default -> {
          List<String> e = new ArrayList<>();
          for (int k = random.nextInt(4); k > 0; k--) {
            e.add(any(depth + 1));
          }
          yield "[" + ws() + String.join(ws() + "," + ws(), e) + ws() + "]";
        }
      };
    }

    private String number() {
      return pick("0", "-0", "12", "-3.25", "1e5", "2.5E-3", "7e+2", "123456789012345");
    }

    private String str(String text) {
      if (unusual && random.nextInt(6) == 0) {
        text = text + pick("\\n", "\\\"", "\\u00e9", "é", "서울", "\\/");
      }
      return "\"" + text + "\"";
    }

    private String member(String name, String value) {
      return str(name) + ws() + ":" + ws() + value;
    }

    private String object(List<String> members) {
      return "{" + ws() + String.join(ws() + "," + ws(), members) + ws() + "}";
    }

    private String ws() {
      if (random.nextInt(4) > 0) {
        return "";
      }
      return pick(" ", "  ", "\t", " \r ");
    }

    private String pick(String... options) {
      return options[random.nextInt(options.length)];
    }
  }
}
