package dev.headroom.prometheus;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.prometheus.PrometheusException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** OkHttp + Jackson implementation of {@link PrometheusClient}; see there for the contract. */
final class OkHttpPrometheusClient implements PrometheusClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OkHttpClient http;
  private final HttpUrl queryUrl;
  private final String server;
  private final String authorization;
  private final String password;

  OkHttpPrometheusClient(Builder b) {
    HttpUrl base = HttpUrl.get(b.baseUrl.toString());
    HttpUrl.Builder url = base.newBuilder();
    // Keep any path prefix (Thanos, Mimir and proxies often mount the API below one).
    List<String> segments = new ArrayList<>(base.pathSegments());
    if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
      url.removePathSegment(segments.size() - 1);
    }
    this.queryUrl = url.addPathSegments("api/v1/query").build();
    // Named in every message: with its path prefix, never with credentials.
    String path = base.encodedPath().endsWith("/") ? base.encodedPath().substring(0, base.encodedPath().length() - 1) : base.encodedPath();
    this.server = base.scheme() + "://" + base.host() + ":" + base.port() + path;
    this.authorization =
        b.user == null ? null : Credentials.basic(b.user, b.password.reveal(), StandardCharsets.UTF_8);
    this.password = b.password == null ? null : b.password.reveal();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "headroom-prometheus");
              t.setDaemon(true);
              return t;
            });
    OkHttpClient.Builder builder = new OkHttpClient.Builder();
    if (b.authorities != null) {
      PemTrust trust = new PemTrust(b.authorities);
      builder.sslSocketFactory(trust.context.getSocketFactory(), trust.trustManager);
    }
    this.http =
        builder
            .dispatcher(new Dispatcher(executor))
            .connectionPool(new ConnectionPool(4, 1, TimeUnit.MINUTES))
            .callTimeout(b.timeout)
            .connectTimeout(b.timeout)
            .readTimeout(b.timeout)
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .build();
  }

  @Override
  public CompletableFuture<QueryResult> query(String promql) {
    HttpUrl url = queryUrl.newBuilder().addQueryParameter("query", promql).build();
    Request.Builder request = new Request.Builder().url(url).header("Accept", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    CompletableFuture<QueryResult> result = new CompletableFuture<>();
    Call call = http.newCall(request.build());
    result.whenComplete((r, e) -> {
      if (result.isCancelled()) {
        call.cancel();
      }
    });
    call.enqueue(
        new Callback() {
          @Override
          public void onFailure(Call c, IOException e) {
            result.completeExceptionally(redacted(transportFailure(e)));
          }

          @Override
          public void onResponse(Call c, Response response) {
            try (response) {
              result.complete(read(response));
            } catch (PrometheusException e) {
              result.completeExceptionally(redacted(e));
            } catch (IOException e) {
              result.completeExceptionally(redacted(transportFailure(e)));
            } catch (RuntimeException e) {
              result.completeExceptionally(
                  redacted(
                      new PrometheusException(
                          Reason.MALFORMED, server + " sent an answer that could not be read: " + e, e)));
            }
          }
        });
    return result;
  }

  /**
   * The failure with our credentials masked, should the server (or a proxy) have echoed them into
   * its error text. The cause is dropped for the same reason: its message may carry them too.
   */
  private PrometheusException redacted(PrometheusException e) {
    String message = e.getMessage();
    if (authorization == null || message == null) {
      return e;
    }
    String clean = message.replace(authorization.substring("Basic ".length()), "****");
    if (password != null && !password.isEmpty()) {
      clean = clean.replace(password, "****");
    }
    return clean.equals(message) ? e : new PrometheusException(e.reason(), clean);
  }

  private PrometheusException transportFailure(IOException e) {
    if (e instanceof InterruptedIOException) {
      return new PrometheusException(
          Reason.TIMEOUT, server + " did not answer within the timeout", e);
    }
    return new PrometheusException(
        Reason.UNREACHABLE, server + " could not be reached: " + e.getMessage(), e);
  }

  private QueryResult read(Response response) throws IOException, PrometheusException {
    if (response.code() == 401 || response.code() == 403) {
      throw new PrometheusException(
          Reason.HTTP_STATUS,
          server
              + " answered HTTP "
              + response.code()
              + (response.code() == 401 ? " (unauthorized)" : " (forbidden)")
              + ": check HEADROOM_PROMETHEUS_USER / _PASSWORD");
    }
    JsonNode root;
    try (InputStream in = response.body().byteStream()) {
      root = JSON.readTree(in);
    } catch (JacksonException e) {
      if (response.code() != 200) {
        throw new PrometheusException(
            Reason.HTTP_STATUS, server + " answered HTTP " + response.code());
      }
      throw new PrometheusException(
          Reason.MALFORMED,
          server + " answered with a body that is not JSON (" + response.header("Content-Type") + ")",
          e);
    }
    if (root == null || !root.isObject()) {
      if (response.code() != 200) {
        throw new PrometheusException(
            Reason.HTTP_STATUS, server + " answered HTTP " + response.code());
      }
      throw new PrometheusException(Reason.MALFORMED, server + " answered JSON that is not an object");
    }
    String status = root.path("status").asText("");
    if (status.equals("error")) {
      throw new PrometheusException(
          Reason.QUERY_ERROR,
          server
              + " refused the query (HTTP "
              + response.code()
              + ", "
              + root.path("errorType").asText("unknown")
              + "): "
              + root.path("error").asText(""));
    }
    if (response.code() != 200) {
      throw new PrometheusException(Reason.HTTP_STATUS, server + " answered HTTP " + response.code());
    }
    if (!status.equals("success")) {
      throw new PrometheusException(
          Reason.MALFORMED, server + " answered without \"status\":\"success\"");
    }
    List<String> warnings = new ArrayList<>();
    for (JsonNode w : root.path("warnings")) {
      warnings.add(w.asText());
    }
    JsonNode data = root.path("data");
    String type = data.path("resultType").asText("");
    JsonNode result = data.path("result");
    List<Sample> samples = new ArrayList<>();
    switch (type) {
      case "vector" -> {
        if (!result.isArray()) {
          throw malformed("data.result is not an array");
        }
        for (JsonNode element : result) {
          samples.add(sample(element.path("metric"), element.path("value")));
        }
      }
      case "scalar" -> samples.add(sample(JSON.createObjectNode(), result));
      default -> throw malformed("resultType \"" + type + "\" is not an instant vector or scalar");
    }
    return new QueryResult(samples, warnings);
  }

  private Sample sample(JsonNode metric, JsonNode value) throws PrometheusException {
    if (!metric.isObject()) {
      throw malformed("a series has no \"metric\" object");
    }
    if (!value.isArray() || value.size() != 2 || !value.get(0).isNumber() || !value.get(1).isTextual()) {
      throw malformed("a series has no [timestamp, \"value\"] pair");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = metric.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      labels.put(f.getKey(), f.getValue().asText());
    }
    double seconds = value.get(0).asDouble();
    Instant at = Instant.ofEpochMilli(Math.round(seconds * 1000));
    return new Sample(labels, number(value.get(1).asText()), at);
  }

  private PrometheusException malformed(String what) {
    return new PrometheusException(Reason.MALFORMED, server + " answered JSON where " + what);
  }

  /** Prometheus writes special values as NaN, +Inf and -Inf. */
  private double number(String text) throws PrometheusException {
    switch (text) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
      case "Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw malformed("a sample value \"" + abbreviate(text) + "\" is not a number");
        }
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  @Override
  public void close() {
    http.dispatcher().cancelAll();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
