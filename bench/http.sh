#!/usr/bin/env bash
# HTTP benchmark: POST /assign on Headroom against nginx serving a static file of the same size,
# with identical wrk settings, alternating A B A B. Loopback only; stops by itself.
#
#   bench/http.sh [duration=10s] [connections=32] [threads=2] [rounds=2]
#
# Needs Debian's wrk and nginx (apt-get install -y wrk nginx-light) and a built jar.
# The fleet is fake and static: nginx also plays Prometheus, answering the three queries with
# 200 bridges at 30 % load. HEADROOM_ROOM_COST=0 so the fleet never fills and every answer is a
# 200 from the full decision path; the rate limit is off.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10s}
connections=${2:-32}
threads=${3:-2}
rounds=${4:-2}
headroom_port=18090
nginx_port=18091

for tool in wrk nginx java; do
  command -v "$tool" >/dev/null || { echo "bench/http.sh: $tool is missing (apt-get install -y wrk nginx-light)" >&2; exit 2; }
done
[[ -f api/target/headroom.jar ]] || mvn -B -q package -DskipTests

work=$(mktemp -d)
chmod 755 "$work" # nginx workers may run as another user
cp api/target/headroom.jar "$work/headroom.jar" # a rebuild must not change the jar under the JVM
cleanup() {
  [[ -n ${headroom_pid:-} ]] && kill "$headroom_pid" 2>/dev/null || true
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  [[ -n ${KEEP:-} ]] || rm -rf "$work"
}
trap cleanup EXIT

# --- the fake Prometheus answers -------------------------------------------------------------
mkdir -p "$work/www/prom"
{
  printf '{"status":"success","data":{"resultType":"vector","result":['
  for i in $(seq 1 200); do
    [[ $i -gt 1 ]] && printf ','
    printf '{"metric":{"bridge_url":"https://b%d.meet.example","region":"region-%d"},"value":[1764064800,"0.3"]}' "$i" $((i % 4))
  done
  printf ']}}'
} > "$work/www/prom/load.json"
sed 's/"0.3"/"1"/g' "$work/www/prom/load.json" > "$work/www/prom/health.json"
printf '{"status":"success","data":{"resultType":"vector","result":[]}}' > "$work/www/prom/drain.json"

cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/tmp-body;
  proxy_temp_path $work/tmp-proxy;
  fastcgi_temp_path $work/tmp-fastcgi;
  uwsgi_temp_path $work/tmp-uwsgi;
  scgi_temp_path $work/tmp-scgi;
  default_type application/json;
  map \$arg_query \$answer {
    ~headroom_bridge_draining drain.json;
    ~up health.json;
    default load.json;
  }
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    location = /api/v1/query { try_files /prom/\$answer =404; }
    # nginx refuses POST on static files with 405; answer it with the file instead.
    location = /assign { error_page 405 =200 \$uri; }
  }
}
CONF
nginx -p "$work" -c "$work/nginx.conf" -g 'daemon off;' &

sleep 0.5
HEADROOM_POLL_INTERVAL=5s HEADROOM_PROMETHEUS_TIMEOUT=2s HEADROOM_PROMETHEUS_URL=http://127.0.0.1:$nginx_port HEADROOM_PORT=$headroom_port HEADROOM_BIND=127.0.0.1 \
  HEADROOM_RATE_LIMIT=0 HEADROOM_ROOM_COST=0 java -jar "$work/headroom.jar" serve 2>"$work/headroom.log" &
headroom_pid=$!
for _ in $(seq 1 100); do
  curl -sf --max-time 10 "http://127.0.0.1:$headroom_port/readyz" >/dev/null && break
  sleep 0.2
done
curl -sf --max-time 10 "http://127.0.0.1:$headroom_port/readyz" >/dev/null || { echo "headroom did not become ready" >&2; cat "$work/headroom.log" >&2; exit 1; }

# The static file: one real /assign answer, so both sides send the same number of bytes.
curl -s --max-time 10 -XPOST "http://127.0.0.1:$headroom_port/assign" > "$work/www/assign"
size=$(wc -c < "$work/www/assign")
cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
LUA

run() { # name url -> "rps p99 errors"
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$work/post.lua" "$2")
  local rps p99 non2xx sock
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out"); non2xx=${non2xx:-0}
  sock=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' <<<"$out"); sock=${sock:-0}
  echo "$rps $p99 $((non2xx + sock))"
}

echo "wrk -t$threads -c$connections -d$duration, POST, response $size bytes, $(nproc) cores"
printf '%-9s %-7s %12s %10s %7s\n' round server "requests/s" p99 errors
run warmup "http://127.0.0.1:$headroom_port/assign" >/dev/null
sum_a=0; sum_b=0; errors=0
for r in $(seq 1 "$rounds"); do
  read -r rps p99 err < <(run headroom "http://127.0.0.1:$headroom_port/assign")
  printf '%-9s %-7s %12s %10s %7s\n' "$r" headroom "$rps" "$p99" "$err"
  sum_a=$(awk -v a="$sum_a" -v b="$rps" 'BEGIN {print a + b}'); errors=$((errors + err))
  read -r rps p99 err < <(run nginx "http://127.0.0.1:$nginx_port/assign")
  printf '%-9s %-7s %12s %10s %7s\n' "$r" nginx "$rps" "$p99" "$err"
  sum_b=$(awk -v a="$sum_b" -v b="$rps" 'BEGIN {print a + b}'); errors=$((errors + err))
done
awk -v a="$sum_a" -v b="$sum_b" -v n="$rounds" 'BEGIN {
  printf "mean requests/s: headroom %.0f, nginx %.0f; ratio headroom/nginx %.2f (target >= 0.5)\n", a / n, b / n, a / b }'
echo "errors: $errors"
[[ $errors -eq 0 ]]
