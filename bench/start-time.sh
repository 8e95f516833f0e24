#!/bin/sh
# Wall time from starting Candor until /health/ready answers 200; then Ctrl+C (SIGINT to the
# command's whole process group, as a terminal sends it) and a wait for the exit.
#
#   PORT=3480 DATA_DIR=/tmp/candor-start bench/start-time.sh            # times `npm start`
#   PORT=3480 DATA_DIR=/tmp/candor-start bench/start-time.sh CMD ARG... # times another command
#
# Prints "ready_ms=N"; the command's own output goes to $LOG (default /dev/null).
set -eu
port=${PORT:?set PORT}
[ $# -gt 0 ] || set -- npm start
begin=$(date +%s%N)
setsid "$@" >"${LOG:-/dev/null}" 2>&1 </dev/null &
leader=$!
until curl -fso /dev/null "http://127.0.0.1:$port/health/ready"; do
  if ! kill -0 "$leader" 2>/dev/null; then
    echo "exited before it was ready" >&2
    exit 1
  fi
  sleep 0.05
done
ready=$(date +%s%N)
kill -INT "-$leader"
wait "$leader" || true
echo "ready_ms=$(((ready - begin) / 1000000))"
