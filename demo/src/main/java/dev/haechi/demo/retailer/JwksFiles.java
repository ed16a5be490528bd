package dev.haechi.demo.retailer;

import dev.haechi.demo.output.OutputFolder;
import java.io.IOException;
import java.io.Writer;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Writes the JWKS documents (RFC 7517 §5) the retailer's token issuers publish: {@code
 * jwks/gateway.json} publishes the gateway's active key ({@code auth-2025-01}) and still the
 * planted, retired key ({@code auth-2022-01}), so the gateway still accepts tokens signed with it;
 * {@code jwks/partner-api.json} the partner API's current key. The moduli are random 2048-bit
 * numbers of the right shape (RFC 7518 §6.3.1: base64url, no padding), not real keys: nothing here
 * signs anything.
 */
final class JwksFiles {
  private JwksFiles() {}

  static void write(OutputFolder folder, SplittableRandom random) throws IOException {
    String retired = modulus(random);
    String partner = modulus(random);
    String active = modulus(random);
    document(
        folder,
        KeyLeaverStory.ISSUER,
        new String[][] {{GatewayStory.ACTIVE_KID, active}, {KeyLeaverStory.KID, retired}});
    document(
        folder,
        SecretInventory.PARTNER_ISSUER,
        new String[][] {{SecretInventory.PARTNER_KID, partner}});
  }

  private static String modulus(SplittableRandom random) {
    byte[] modulus = new byte[256];
    for (int i = 0; i < modulus.length; i++) {
      modulus[i] = (byte) random.nextInt(256);
    }
    modulus[0] |= (byte) 0x80;
    modulus[255] |= 1;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(modulus);
  }

  /** One document; {@code keys} holds {kid, modulus} pairs in the order they are published. */
  private static void document(OutputFolder folder, String issuer, String[][] keys)
      throws IOException {
    try (Writer out = folder.open("jwks/" + issuer + ".json")) {
      out.write("{\n  \"keys\": [\n");
      for (int i = 0; i < keys.length; i++) {
        out.write("    {\n");
        out.write("      \"kty\": \"RSA\",\n");
        out.write("      \"use\": \"sig\",\n");
        out.write("      \"alg\": \"RS256\",\n");
        out.write("      \"kid\": \"" + keys[i][0] + "\",\n");
        out.write("      \"n\": \"" + keys[i][1] + "\",\n");
        out.write("      \"e\": \"AQAB\"\n");
        out.write(i == keys.length - 1 ? "    }\n" : "    },\n");
      }
      out.write("  ]\n}\n");
    }
  }
}
