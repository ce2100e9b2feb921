package dev.headroom.http;

import dev.headroom.config.Cidr;
import java.util.List;

/** Test access to the package-private client address rule. */
public final class ClientAddressProbe {
  private final ClientAddress address;

  public ClientAddressProbe(List<Cidr> trusted) {
    this.address = new ClientAddress(trusted);
  }

  public String of(String peer, String forwardedFor) {
    return address.resolve(peer, forwardedFor);
  }
}
