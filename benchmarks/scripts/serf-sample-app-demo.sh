#!/usr/bin/env bash
# Issue 5's "done when", by hand: two sample-app instances and a serf agent on one machine.
#   1. The agent starts; app-a joins it, app-b joins both (weir.discovery.static.seeds). All three
#      list each other alive: `serf members` and GET /actuator/weir of each app.
#   2. kill -9 of app-b: serf lists it failed, then, after the reconnect timeout, not at all;
#      app-a's /actuator/weir does the same (weir.cluster.reconnect-timeout, shortened here).
#   3. `serf leave`: app-a's /actuator/weir lists the agent left.
# It prints what it checks and exits non-zero at the first check that does not come true in time.
#
# Usage: benchmarks/scripts/serf-sample-app-demo.sh
#   RECONNECT_TIMEOUT  the reconnect timeout of both sides, in seconds (default 20; serf reaps
#                      every 15 s, so removal from `serf members` may take up to 15 s more)
#   PORT_BASE          first port (default 17950): serf gossips on it and serves RPC on +1; app-a
#                      gossips on +2 and serves HTTP on +10, app-b on +3 and +11
#   OUT                where the logs go (default sample-app/target/serf-demo)
#   SKIP_BUILD         1 to reuse sample-app/target/weir-sample-app.jar
set -euo pipefail

SCRIPTS=$(cd "$(dirname "$0")" && pwd)
cd "$SCRIPTS/../.."
RECONNECT_TIMEOUT=${RECONNECT_TIMEOUT:-20}
PORT_BASE=${PORT_BASE:-17950}
OUT=${OUT:-sample-app/target/serf-demo}
JAR=sample-app/target/weir-sample-app.jar
SERF_PORT=$PORT_BASE
RPC="-rpc-addr=127.0.0.1:$((PORT_BASE + 1))"
A_GOSSIP=$((PORT_BASE + 2))
B_GOSSIP=$((PORT_BASE + 3))
A_HTTP=$((PORT_BASE + 10))
B_HTTP=$((PORT_BASE + 11))

command -v serf > /dev/null || { echo "serf is needed: apt-get install -y serf" >&2; exit 1; }
command -v jq > /dev/null || { echo "jq is needed: apt-get install -y jq" >&2; exit 1; }
if [ "${SKIP_BUILD:-0}" != 1 ]; then
	./mvnw -q -pl sample-app -am package -DskipTests
fi
mkdir -p "$OUT"
# shellcheck source=background.sh
. "$SCRIPTS/background.sh"

say() {
	echo
	echo "### $(date -u +%H:%M:%S) $*"
}

check() { # check DESCRIPTION SECONDS COMMAND...: await, and say so
	await "$@"
	echo "ok: $1"
}

weir() { # the members an app lists: name status tags
	curl -fsS "http://127.0.0.1:$1/actuator/weir" | jq -r '.members[] | "\(.name) \(.status) \(.tags | tostring)"'
}

weir_status() { # weir_status HTTP_PORT MEMBER STATUS: the app lists the member with that status
	[ "$(weir "$1" | awk -v m="$2" '$1 == m { print $2 }')" = "$3" ]
}

weir_forgot() {
	curl -fsS "http://127.0.0.1:$1/actuator/weir" > /dev/null && ! weir "$1" | awk '{ print $1 }' | grep -qx "$2"
}

serf_status() { # serf_status MEMBER STATUS
	[ "$(serf members "$RPC" | awk -v m="$1" '$1 == m { print $3 }')" = "$2" ]
}

serf_forgot() {
	serf members "$RPC" > /dev/null && ! serf members "$RPC" | awk '{ print $1 }' | grep -qx "$1"
}

app() { # app NAME HTTP_PORT GOSSIP_PORT SEEDS
	java -Xmx256m -jar "$JAR" --server.port="$2" --weir.cluster.node-name="$1" --weir.cluster.bind-port="$3" \
		--weir.discovery.static.seeds="$4" --weir.cluster.reconnect-timeout="${RECONNECT_TIMEOUT}s" \
		--weir.cluster.tags.app=sample > "$OUT/$1.log" 2>&1 &
	LAST_PID=$!
	PIDS+=($LAST_PID)
}

a_lists_all_alive() {
	weir_status "$A_HTTP" serf-demo alive && weir_status "$A_HTTP" app-b alive
}

b_lists_all_alive() {
	weir_status "$B_HTTP" serf-demo alive && weir_status "$B_HTTP" app-a alive
}

echo "{\"reconnect_timeout\": \"${RECONNECT_TIMEOUT}s\"}" > "$OUT/serf.json"
say "serf agent serf-demo on 127.0.0.1:$SERF_PORT (reconnect_timeout ${RECONNECT_TIMEOUT}s)"
serf agent -node=serf-demo -bind="127.0.0.1:$SERF_PORT" "$RPC" -tag role=serf -config-file="$OUT/serf.json" \
	> "$OUT/serf-demo.log" 2>&1 &
PIDS+=($!)
check "serf agent answers RPC" 20 serf members "$RPC"

say "app-a (http $A_HTTP, gossip $A_GOSSIP) joins serf; app-b (http $B_HTTP, gossip $B_GOSSIP) joins both"
app app-a "$A_HTTP" "$A_GOSSIP" "127.0.0.1:$SERF_PORT"
app app-b "$B_HTTP" "$B_GOSSIP" "127.0.0.1:$SERF_PORT,127.0.0.1:$A_GOSSIP"
B_PID=$LAST_PID
check "app-a alive in serf members" 120 serf_status app-a alive
check "app-b alive in serf members" 120 serf_status app-b alive
check "app-a lists serf-demo and app-b alive" 60 a_lists_all_alive
check "app-b lists serf-demo and app-a alive" 60 b_lists_all_alive
echo "\$ serf members"
serf members "$RPC"
echo "\$ curl -s localhost:$A_HTTP/actuator/weir | jq -c '.members[]'"
curl -fsS "http://127.0.0.1:$A_HTTP/actuator/weir" | jq -c '.members[]'
echo "\$ curl -s localhost:$B_HTTP/actuator/weir | jq -c '.members[]'"
curl -fsS "http://127.0.0.1:$B_HTTP/actuator/weir" | jq -c '.members[]'

say "kill -9 app-b (pid $B_PID)"
{ kill -9 "$B_PID" && wait "$B_PID"; } 2> /dev/null || true
KILLED=$(date +%s)
check "app-b failed in serf members" 60 serf_status app-b failed
check "app-b failed in app-a's /actuator/weir" 60 weir_status "$A_HTTP" app-b failed
serf members "$RPC"
check "app-b gone from serf members after the reconnect timeout" $((RECONNECT_TIMEOUT + 60)) serf_forgot app-b
echo "  ($(($(date +%s) - KILLED)) s after the kill)"
check "app-b gone from app-a's /actuator/weir after the reconnect timeout" $((RECONNECT_TIMEOUT + 60)) weir_forgot "$A_HTTP" app-b
echo "  ($(($(date +%s) - KILLED)) s after the kill)"
serf members "$RPC"
curl -fsS "http://127.0.0.1:$A_HTTP/actuator/weir" | jq -c '.members[]'

say "serf leave"
serf leave "$RPC"
check "serf-demo left in app-a's /actuator/weir" 60 weir_status "$A_HTTP" serf-demo left
curl -fsS "http://127.0.0.1:$A_HTTP/actuator/weir" | jq -c '.members[]'

say "all checks passed; logs in $OUT"
