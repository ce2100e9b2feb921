package dev.headroom.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}); a bare address
 * is a network of one. Immutable and thread-safe.
 */
public final class Cidr {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final byte[] network;
  private final int prefix;
  private final String text;

  private Cidr(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * Parses {@code text}. Only literal addresses are accepted: no host name is ever looked up.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static Cidr parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    String addressPart = slash < 0 ? t : t.substring(0, slash);
    byte[] address = literal(addressPart);
    if (address == null) {
      throw new IllegalArgumentException("'" + t + "' is not an IP address or CIDR range");
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException(
            "'" + t + "' has a prefix length outside 0.." + bits);
      }
    }
    byte[] network = mask(address, prefix);
    return new Cidr(network, prefix, t);
  }

  /** Parses a literal IPv4 or IPv6 address, or returns {@code null}; never does a DNS lookup. */
  public static byte[] literal(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    String t = text;
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    if (IPV4.matcher(t).matches()) {
      for (String part : t.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return null;
        }
      }
    } else if (!IPV6.matcher(t).matches()) {
      return null;
    }
    try {
      // Only literals reach this point, so getByName does not resolve anything.
      return InetAddress.getByName(t).getAddress();
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  /** Whether the literal {@code address} lies inside this network. */
  public boolean contains(String address) {
    byte[] a = literal(address);
    if (a != null && a.length == 16 && network.length == 4 && isMappedIpv4(a)) {
      a = java.util.Arrays.copyOfRange(a, 12, 16);
    }
    if (a == null || a.length != network.length) {
      return false;
    }
    return java.util.Arrays.equals(mask(a, prefix), network);
  }

  private static boolean isMappedIpv4(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (out[i] & (0xff << (8 - keep)));
    }
    return out;
  }

  @Override
  public String toString() {
    return text;
  }
}
