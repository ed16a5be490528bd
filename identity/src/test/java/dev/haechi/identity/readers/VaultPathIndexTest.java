package dev.haechi.identity.readers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class VaultPathIndexTest {
  private static final VaultPathIndex INDEX =
      new VaultPathIndex(List.of("transit/keys/token-signer", "secret/data/pg/admin", "/kv/app/"));
  private static final String[] PARTS = {
    "transit", "keys", "export", "signing-key", "backup", "token-signer", "secret", "data", "pg",
    "admin", "kv", "app", "latest", "3", "12", "x", "", "é"
  };

  @Property(tries = 5000)
  void the_byte_prefilter_never_rejects_a_path_that_matches(@ForAll long seed) {
    Random random = new Random(seed);
    StringBuilder path = new StringBuilder();
    for (int k = random.nextInt(7); k >= 0; k--) {
      if (random.nextInt(6) > 0 || path.length() == 0) {
        path.append(random.nextInt(5) == 0 ? "/" : "");
      }
      path.append(PARTS[random.nextInt(PARTS.length)]);
      if (k > 0) {
        path.append('/');
      }
    }
    if (random.nextInt(4) == 0) {
      path.append('/');
    }
    assertAgrees(path.toString());
  }

  @Test
  void known_locations_and_key_exports_pass_the_prefilter_and_others_do_not() {
    for (String p :
        List.of(
            "transit/keys/token-signer",
            "/transit/export/signing-key/token-signer/7",
            "transit/export/hmac-key/token-signer/latest",
            "transit/backup/token-signer",
            "kv/app")) {
      assertThat(mayMatch(p)).as(p).isTrue();
      assertAgrees(p);
    }
    assertThat(mayMatch("sys/internal/ui/mounts")).isFalse();
    assertThat(mayMatch("secret/data/app1")).isFalse();
  }

  private static void assertAgrees(String path) {
    if (!mayMatch(path)) {
      assertThat(INDEX.match(path)).as(path).isNull();
    }
  }

  private static boolean mayMatch(String path) {
    byte[] b = path.getBytes(StandardCharsets.UTF_8);
    return INDEX.mayMatch(b, 0, b.length);
  }
}
