package dev.headroom.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.headroom.LogCapture;
import dev.headroom.prometheus.PrometheusClient;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerCountingSourceTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aPeersQueryThatCannotReachPrometheusNeverFailsThePollAndWarnsOnce() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    FleetSnapshot snapshot = new FleetSnapshot(NOW, List.of(new Bridge("https://b1.meet.example", "fr-par", 0.4, true, false)));
    List<Map<String, Map<String, Double>>> heard = new ArrayList<>();
    PrometheusClient client =
        PrometheusClient.builder(URI.create("http://127.0.0.1:" + closedPort)).timeout(Duration.ofSeconds(2)).build();
    try (LogCapture logs = new LogCapture();
        PeerCountingSource source =
            new PeerCountingSource(now -> snapshot, client, "sum by (bridge, replica) (headroom_assignments_total)", (c, at) -> heard.add(c))) {
      assertSame(snapshot, source.fetch(NOW));
      assertSame(snapshot, source.fetch(NOW.plusSeconds(30)));

      assertTrue(heard.isEmpty(), "nothing observed from a failed query");
      long warnings = logs.lines().stream().filter(l -> l.contains("HEADROOM_PEERS_QUERY")).count();
      assertEquals(1, warnings, logs.text());
    }
  }
}
