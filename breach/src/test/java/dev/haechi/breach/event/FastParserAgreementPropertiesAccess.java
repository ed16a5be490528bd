package dev.haechi.breach.event;

import java.util.Random;

/**
 * The random line generator of {@link FastParserAgreementProperties}, for other packages' tests.
 */
public final class FastParserAgreementPropertiesAccess {
  private FastParserAgreementPropertiesAccess() {}

  public static String line(Random r) {
    return FastParserAgreementProperties.line(r, r.nextInt(4) == 0);
  }
}
