package dev.headroom.infra;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4/IPv6 CIDR membership. Stateless; thread-safe. */
final class Cidr {
  private Cidr() {}

  /** Whether {@code ip} lies in {@code cidr} ("203.0.113.0/24"; a bare address is a /32 or /128). */
  static boolean contains(String cidr, String ip) {
    String[] parts = cidr.split("/");
    byte[] net = bytes(parts[0]);
    byte[] addr = bytes(ip);
    if (net.length != addr.length) {
      return false;
    }
    int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : net.length * 8;
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >> (i % 8);
      if ((net[i / 8] & mask) != (addr[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] bytes(String literal) {
    if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      throw new IllegalArgumentException("not an IP address literal: " + literal);
    }
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + literal, e);
    }
  }
}
