package dev.haechi.demo.output;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Independent random streams derived from one seed, one per purpose ({@code "retailer.people"},
 * {@code "government.placement"}, …), so that adding draws to one part of a generator does not
 * change the output of another.
 *
 * <p>Design note: {@link SplittableRandom} is used because its algorithm (SplitMix64, Steele, Lea
 * and Flood, OOPSLA 2014) is fixed by its specification, so a seed gives the same numbers on every
 * JDK; {@link java.util.Random}'s is too, but is slower and weaker. The purpose name is folded in
 * with 64-bit FNV-1a.
 */
public final class SeededStreams {
  private final long seed;

  public SeededStreams(long seed) {
    this.seed = seed;
  }

  /** A fresh stream for {@code purpose}; the same seed and purpose give the same numbers. */
  public SplittableRandom stream(String purpose) {
    long h = 0xcbf29ce484222325L;
    for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return new SplittableRandom(seed ^ h);
  }

  /** A version-4 UUID drawn from {@code random}. */
  public static UUID uuid(SplittableRandom random) {
    long hi = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
    long lo = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(hi, lo);
  }

  /** Picks one element uniformly. */
  public static <T> T pick(SplittableRandom random, T[] values) {
    return values[random.nextInt(values.length)];
  }

  /** Picks an index with probability proportional to {@code weights[i]}. */
  public static int weighted(SplittableRandom random, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
