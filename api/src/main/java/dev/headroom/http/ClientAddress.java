package dev.headroom.http;

import dev.headroom.config.Cidr;
import java.util.List;

/**
 * Who the client is, for rate limiting. {@code X-Forwarded-For} is believed only when the direct
 * peer is a trusted proxy; then the right-most address that is not itself a trusted proxy is the
 * client (everything left of it could have been written by the client). Immutable, thread-safe.
 */
final class ClientAddress {
  private final List<Cidr> trusted;

  ClientAddress(List<Cidr> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  String resolve(String peer, String forwardedFor) {
    if (forwardedFor == null || forwardedFor.isBlank() || !isTrusted(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    String client = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (Cidr.literal(hop) == null) {
        // Garbage in the chain: stop at the last address we could vouch for.
        return client;
      }
      client = hop;
      if (!isTrusted(hop)) {
        return hop;
      }
    }
    return client;
  }

  private boolean isTrusted(String address) {
    for (Cidr c : trusted) {
      if (c.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
