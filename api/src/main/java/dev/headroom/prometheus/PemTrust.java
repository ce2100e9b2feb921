package dev.headroom.prometheus;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust in exactly the given CA certificates (HEADROOM_PROMETHEUS_CA), the way Prometheus's
 * own {@code ca_file} works: the JVM's default trust store and its flags are not involved, and
 * host names are still verified. Immutable and thread-safe.
 */
final class PemTrust {
  final X509TrustManager trustManager;
  final SSLContext context;

  PemTrust(List<X509Certificate> authorities) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate ca : authorities) {
        store.setCertificateEntry("ca-" + i++, ca);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      X509TrustManager found = null;
      for (TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          found = x;
        }
      }
      if (found == null) {
        throw new IllegalStateException("the JVM offers no X509TrustManager");
      }
      trustManager = found;
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager}, null);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot set up TLS trust from the CA certificates: " + e.getMessage(), e);
    }
  }
}
