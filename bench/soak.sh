#!/usr/bin/env bash
# Soak: a steady rate of POST /assign for a bounded time (default 10 minutes) against a local
# fleet while Prometheus is restarted once half-way with an empty database (its data directory
# deleted, as with a non-persistent volume). Loopback only; stops by itself.
#
#   bench/soak.sh [minutes=10] [requests-per-second≈200]
#
# Needs Debian's prometheus, prometheus-node-exporter and wrk, and a built jar. The fleet is one
# local node_exporter scraped as 20 bridges (each with its own bridge_url and region labels);
# the load query is pinned to 30 % so the fleet never fills and every answer should be a 200,
# but it still goes through rate() over [1m]: after the empty-database restart it has no value
# for a while although up is 1, which used to turn every bridge down.
# Prints requests, errors and the heap after a full GC at the start, every minute and at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
rate=${2:-200}
for tool in prometheus prometheus-node-exporter wrk jcmd java; do
  command -v "$tool" >/dev/null || { echo "bench/soak.sh: $tool is missing (apt-get install -y prometheus prometheus-node-exporter wrk)" >&2; exit 2; }
done
[[ -f api/target/headroom.jar ]] || mvn -B -q package -DskipTests

work=$(mktemp -d); chmod 755 "$work"
exporter_port=19300; prom_port=19301; headroom_port=19302
# Run a copy: rebuilding the jar under a running JVM breaks its class loading.
cp api/target/headroom.jar "$work/headroom.jar"
pids=()
cleanup() {
  for p in "${pids[@]}" ${prom_pid:-}; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

prometheus-node-exporter --web.listen-address=127.0.0.1:$exporter_port --collector.disable-defaults --collector.cpu \
  >"$work/exporter.log" 2>&1 &
pids+=($!)
{
  echo "global: {scrape_interval: 5s}"
  echo "scrape_configs:"
  echo "  - job_name: bridges"
  echo "    static_configs:"
  for i in $(seq 1 20); do
    echo "      - targets: ['127.0.0.1:$exporter_port']"
    echo "        labels: {bridge_url: 'https://b$i.soak.example', region: 'region-$((i % 2))', bridge: 'b$i'}"
  done
} > "$work/prometheus.yml"
start_prometheus() {
  prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
    --web.listen-address=127.0.0.1:$prom_port --log.level=warn >>"$work/prometheus.log" 2>&1 &
  prom_pid=$!
}
start_prometheus

HEADROOM_PROMETHEUS_URL=http://127.0.0.1:$prom_port HEADROOM_POLL_INTERVAL=5s HEADROOM_PROMETHEUS_TIMEOUT=2s \
  HEADROOM_MAX_STALENESS=20s HEADROOM_RATE_LIMIT=0 HEADROOM_ROOM_COST=0 \
  HEADROOM_LOAD_QUERY='0.3 + 0 * (1 - avg by (bridge_url, region) (rate(node_cpu_seconds_total{mode="idle",bridge_url!=""}[1m])))' \
  HEADROOM_PORT=$headroom_port HEADROOM_BIND=127.0.0.1 \
  java -Xmx256m -jar "$work/headroom.jar" serve 2>"$work/headroom.log" &
headroom_pid=$!
pids+=($headroom_pid)
for _ in $(seq 1 150); do
  curl -sf --max-time 10 "http://127.0.0.1:$headroom_port/readyz" >/dev/null && break
  sleep 0.2
done
curl -sf --max-time 10 "http://127.0.0.1:$headroom_port/readyz" >/dev/null || { echo "headroom never became ready" >&2; tail "$work/headroom.log" >&2; exit 1; }

heap() { # used heap in MiB after a full GC
  jcmd "$headroom_pid" GC.run >/dev/null
  jcmd "$headroom_pid" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub(/K,?/, "", v); printf "%.1f", v / 1024; exit } }'
}

connections=4
delay_ms=$(( 1000 * connections / rate ))
cat > "$work/soak.lua" <<LUA
wrk.method = "POST"
function delay() return $delay_ms end
LUA
echo "soak: ${minutes} min at ~${rate} requests/s ($connections connections, ${delay_ms} ms apart), Prometheus restarted with an empty database at half-time"
echo "heap after GC at start: $(heap) MiB"
wrk -t1 -c$connections -d"${minutes}m" --timeout 5s --latency -s "$work/soak.lua" "http://127.0.0.1:$headroom_port/assign" \
  >"$work/wrk.txt" 2>&1 &
wrk_pid=$!
pids+=($wrk_pid)

half=$(( minutes * 60 / 2 ))
for minute in $(seq 1 "$minutes"); do
  for _ in $(seq 1 60); do
    sleep 1
    elapsed=$(( ${elapsed:-0} + 1 ))
    if [[ $elapsed -eq $half ]]; then
      echo "restarting Prometheus with an empty database at ${elapsed}s"
      kill "$prom_pid"; wait "$prom_pid" 2>/dev/null || true
      rm -rf "$work/data"
      sleep 10
      start_prometheus
    fi
  done
  degraded=$(curl -s --max-time 10 -XPOST "http://127.0.0.1:$headroom_port/assign" | sed -n 's/.*"degraded":\([a-z]*\).*/\1/p')
  echo "minute $minute: heap after GC $(heap) MiB, degraded=$degraded"
done
wait "$wrk_pid" || true
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
non2xx=$(awk '/Non-2xx/ {print $5}' "$work/wrk.txt"); non2xx=${non2xx:-0}
sock=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' "$work/wrk.txt"); sock=${sock:-0}
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
failures=$(curl -s --max-time 10 "http://127.0.0.1:$headroom_port/metrics" | awk '/^headroom_poll_failures_total/ && $2 > 0 {print}')
echo "heap after GC at end: $(heap) MiB"
echo "requests: $requests, errors: $((non2xx + sock)) (non-2xx $non2xx, socket $sock), p99 $p99"
echo "poll failures during the run:"; echo "${failures:-  none}"
echo "polls that kept or lacked loads (WARN lines): $(grep -c 'had no load sample' "$work/headroom.log" || true)"
[[ $((non2xx + sock)) -eq 0 ]]
