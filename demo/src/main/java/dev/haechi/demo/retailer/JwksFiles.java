package dev.haechi.demo.retailer;

import dev.haechi.demo.output.OutputFolder;
import java.io.IOException;
import java.io.Writer;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Writes the JWKS documents (RFC 7517 §5) the retailer's token issuers publish: {@code
 * jwks/gateway.json} still publishes the planted key's {@code kid}, {@code jwks/partner-api.json}
 * the partner API's current key. The moduli are random 2048-bit numbers of the right shape (RFC
 * 7518 §6.3.1: base64url, no padding), not real keys: nothing here signs anything.
 */
final class JwksFiles {
  private JwksFiles() {}

  static void write(OutputFolder folder, SplittableRandom random) throws IOException {
    document(folder, KeyLeaverStory.ISSUER, KeyLeaverStory.KID, random);
    document(folder, SecretInventory.PARTNER_ISSUER, SecretInventory.PARTNER_KID, random);
  }

  private static void document(
      OutputFolder folder, String issuer, String kid, SplittableRandom random) throws IOException {
    byte[] modulus = new byte[256];
    for (int i = 0; i < modulus.length; i++) {
      modulus[i] = (byte) random.nextInt(256);
    }
    modulus[0] |= (byte) 0x80;
    modulus[255] |= 1;
    String n = Base64.getUrlEncoder().withoutPadding().encodeToString(modulus);
    try (Writer out = folder.open("jwks/" + issuer + ".json")) {
      out.write("{\n  \"keys\": [\n    {\n");
      out.write("      \"kty\": \"RSA\",\n");
      out.write("      \"use\": \"sig\",\n");
      out.write("      \"alg\": \"RS256\",\n");
      out.write("      \"kid\": \"" + kid + "\",\n");
      out.write("      \"n\": \"" + n + "\",\n");
      out.write("      \"e\": \"AQAB\"\n");
      out.write("    }\n  ]\n}\n");
    }
  }
}
