package dev.headroom.policy;

/** A region was asked for that no bridge in the snapshot carries. */
public final class UnknownRegionException extends Exception {
  private final String region;

  public UnknownRegionException(String region) {
    super("No bridge is in the region '" + region + "'.");
    this.region = region;
  }

  public String region() {
    return region;
  }
}
