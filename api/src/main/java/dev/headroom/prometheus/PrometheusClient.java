package dev.headroom.prometheus;

import dev.headroom.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Runs instant PromQL queries against one Prometheus-compatible server.
 *
 * <p>Implementations are thread-safe; any number of queries may be in flight at once. A query
 * never takes longer than the configured timeout: after it the future completes exceptionally
 * with a {@link PrometheusException} of reason {@link PrometheusException.Reason#TIMEOUT}.
 */
public interface PrometheusClient extends AutoCloseable {

  /**
   * Evaluates {@code promql} at the server's current time. The future completes with the result,
   * or exceptionally with a {@link PrometheusException}; never with another exception type.
   */
  CompletableFuture<QueryResult> query(String promql);

  /** Releases connections and threads; queries after this fail. */
  @Override
  void close();

  /** Starts building a client for the server whose HTTP API lives under {@code baseUrl}. */
  static Builder builder(URI baseUrl) {
    return new Builder(baseUrl);
  }

  /** Configures a client; not thread-safe, build once and share the client. */
  final class Builder {
    final URI baseUrl;
    Duration timeout = Duration.ofSeconds(5);
    String user;
    Secret password;
    java.util.List<java.security.cert.X509Certificate> authorities;

    private Builder(URI baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    }

    /** The limit for one whole query, connecting included. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** HTTP basic authentication sent with every query. */
    public Builder basicAuth(String user, Secret password) {
      this.user = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * Trust exactly these CA certificates for HTTPS (instead of the JVM's defaults), as
     * HEADROOM_PROMETHEUS_CA asks.
     */
    public Builder trust(java.util.List<java.security.cert.X509Certificate> authorities) {
      this.authorities = java.util.List.copyOf(authorities);
      return this;
    }

    public PrometheusClient build() {
      return new OkHttpPrometheusClient(this);
    }
  }
}
