package dev.haechi.demo.government;

/**
 * How big the government is at a scale: 709 systems at 1.0 (the count NIRS gave once its own
 * inventory was back), of which 40 are grade 1 and 75 grade 2, the rest split between grades 3 and
 * 4. Floors keep every planted fact at the smallest scales.
 */
record GovernmentSizes(int components, int grade1, int grade2, int grade3, int grade4) {

  static GovernmentSizes at(double scale) {
    int components = Math.max(40, (int) Math.round(709 * scale));
    int g1 = Math.max(4, (int) Math.round(40 * scale));
    int g2 = Math.max(6, (int) Math.round(75 * scale));
    int rest = components - g1 - g2;
    int g3 = (int) Math.round(rest * 0.49);
    return new GovernmentSizes(components, g1, g2, g3, rest - g3);
  }

  int grade(int g) {
    return switch (g) {
      case 1 -> grade1;
      case 2 -> grade2;
      case 3 -> grade3;
      default -> grade4;
    };
  }
}
