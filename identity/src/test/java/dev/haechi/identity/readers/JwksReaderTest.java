package dev.haechi.identity.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import dev.haechi.identity.Fixtures;
import dev.haechi.identity.model.JwksKey;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class JwksReaderTest {

  @Test
  void keys_are_read_by_kid_with_their_issuer_location() {
    List<JwksKey> keys =
        JwksReader.read(
            Fixtures.dir("coupang").resolve("jwks/gateway.json"), "jwks/gateway.json", "gateway");

    assertThat(keys)
        .extracting(JwksKey::location)
        .containsExactly("jwks:gateway#auth-2022-01", "jwks:gateway#auth-2025-01");
    assertThat(keys.get(0).alg()).isEqualTo("RS256");
    assertThat(keys.get(1).source().toString()).isEqualTo("jwks/gateway.json:11");
  }

  @Test
  void key_without_kty_names_its_line() {
    assertThatThrownBy(
            () ->
                JwksReader.read(
                    new StringReader(
                        "{\"keys\":[\n{\"kty\":\"EC\",\"kid\":\"a\"},\n{\"kid\":\"b\"}]}"),
                    "j.json",
                    "i"))
        .isInstanceOf(InputException.class)
        .hasMessage("j.json:3: key has no 'kty' (RFC 7517 §4.1)");
  }

  @Test
  void repeated_kid_keeps_both_keys_and_is_named_as_a_warning_with_its_line() {
    List<dev.haechi.identity.model.JwksKey> keys =
        JwksReader.read(
            new StringReader(
                "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"a\"},\n{\"kty\":\"EC\",\"kid\":\"a\"}]}"),
            "j.json",
            "i");
    assertThat(keys).extracting(k -> k.kty()).containsExactly("RSA", "EC");
    var snapshot =
        new dev.haechi.identity.model.IdentitySnapshot(
            List.of(), List.of(), List.of(), List.of(), keys, 0);
    assertThat(snapshot.warnings())
        .containsExactly(
            "j.json:2: kid a is published twice by i (also at line 1); both keys are kept and"
                + " retiring the kid retires both");
  }
}
