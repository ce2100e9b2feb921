package dev.headroom.http;

import java.util.SortedSet;

/** Small pieces of the sentences error messages are made of. Stateless and thread-safe. */
final class Sentences {
  private Sentences() {}

  /** "1 second", "5 seconds". */
  static String seconds(long n) {
    return n == 1 ? "1 second" : n + " seconds";
  }

  /** Why a region was not found, with the regions there are, or the fact that there are none. */
  static String unknownRegion(String region, SortedSet<String> known) {
    String asked = "There is no bridge in the region '" + region + "'.";
    return known.isEmpty()
        ? asked + " This fleet has no regions: leave the region out."
        : asked + " Known regions: " + String.join(", ", known) + ".";
  }
}
