# Sourced by the cluster scripts: processes started in the background are listed in PIDS and
# killed when the script exits, however it exits; await polls for a condition.

PIDS=()

kill_background() {
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2> /dev/null || true
	done
	wait 2> /dev/null || true
}
trap kill_background EXIT

# await DESCRIPTION SECONDS COMMAND...: runs COMMAND every half second until it succeeds, or
# fails the script after SECONDS.
await() {
	local what=$1 patience=$2
	shift 2
	local deadline=$(($(date +%s) + patience))
	until "$@" > /dev/null 2>&1; do
		if [ "$(date +%s)" -ge "$deadline" ]; then
			echo "FAILED: not within ${patience}s: $what" >&2
			exit 1
		fi
		sleep 0.5
	done
}
