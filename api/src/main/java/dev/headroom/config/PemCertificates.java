package dev.headroom.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Reads the certificates of a PEM file (a CA bundle). Stateless and thread-safe. */
public final class PemCertificates {
  private PemCertificates() {}

  /**
   * Every X.509 certificate in the PEM file at {@code path}.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static List<X509Certificate> read(Path path) {
    List<X509Certificate> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(path)) {
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        if (c instanceof X509Certificate x) {
          out.add(x);
        }
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("cannot read " + path + " (no such file)");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
    } catch (CertificateException e) {
      throw new IllegalArgumentException(path + " is not a PEM certificate file");
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(path + " holds no PEM certificate");
    }
    return List.copyOf(out);
  }
}
