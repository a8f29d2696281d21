# Shared by start, stop and status. Everything the broker writes lives in cache/.
KAFKA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${KAFKA_CACHE_DIR:-$KAFKA_DIR/cache}"
LIB="$CACHE/lib"
DATA="$CACHE/data"
LOGS="$CACHE/logs"
PIDFILE="$CACHE/kafka.pid"
PORT="${KAFKA_PORT:-19092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
BOOTSTRAP="127.0.0.1:$PORT"

running_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid="$(cat "$PIDFILE")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    echo "$pid"
    return 0
  fi
  return 1
}

answers_metadata() {
  java -cp "$LIB/*" "$KAFKA_DIR/MetadataCheck.java" "$BOOTSTRAP" "${1:-3000}" >/dev/null 2>&1
}
