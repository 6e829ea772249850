#!/usr/bin/env bash
# The whole test suite, as `make test` runs it (and .ci/run calls `make test`).
# Starts the local Neo4j when Java and Maven are there (always under CI=true), runs pytest,
# stops Neo4j again if this script started it, also when tests fail.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

# The tests use their own Neo4j instance (port 7688, data in .neo4j/test-7688) so they never
# touch the development database on 7687. It is small on purpose (1 GiB heap: see conftest.py).
export LEMNISCAAT_TEST_NEO4J_PORT="${LEMNISCAAT_TEST_NEO4J_PORT:-7688}"
export LEMNISCAAT_TEST_NEO4J_JAVA_OPTS="${LEMNISCAAT_TEST_NEO4J_JAVA_OPTS:--Xms256m -Xmx1g -Dlemniscaat.neo4j.pagecache=256m}"
neo() {  # lemniscaat neo4j ACTION for the test instance
  LEMNISCAAT_NEO4J_JAVA_OPTS="$LEMNISCAAT_TEST_NEO4J_JAVA_OPTS" .venv/bin/lemniscaat neo4j "$1" \
    --port "$LEMNISCAAT_TEST_NEO4J_PORT" --data-dir ".neo4j/test-${LEMNISCAAT_TEST_NEO4J_PORT}"
}
port_busy() { "$PY" -c 'import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(("127.0.0.1", int(sys.argv[1]))) != 0)' "$1"; }
if port_busy "$LEMNISCAAT_TEST_NEO4J_PORT" && ! neo status >/dev/null 2>&1; then
  # something else holds the port (another checkout's Neo4j, say): take a free one
  LEMNISCAAT_TEST_NEO4J_PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  echo "== the test port is taken; the test Neo4j uses port $LEMNISCAAT_TEST_NEO4J_PORT"
fi

started_neo4j=0
cleanup() {
  if [ "$started_neo4j" = 1 ]; then
    neo stop >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

if [ -z "${NEO4J_URI:-}" ]; then
  if command -v java >/dev/null && command -v mvn >/dev/null; then
    if ! neo status >/dev/null 2>&1; then
      echo "== starting the local test Neo4j (the first run builds it with Maven)"
      if neo start; then started_neo4j=1; else
        echo "!! the local Neo4j did not start"; [ "${CI:-}" = "true" ] && exit 1
      fi
    fi
  else
    echo "!! Java or Maven missing: the Neo4j half of the contract suite will be SKIPPED (fails under CI=true)"
  fi
fi

# The browser test drives Debian's chromium (never a downloaded browser): install it when missing.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing Debian's chromium for the browser test"
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null || echo "!! could not install chromium"
  else
    echo "!! /usr/bin/chromium missing and not installable here: the browser test will be SKIPPED (fails under CI=true)"
  fi
fi

$PY -m pytest "$@"
rc=$?
if [ $rc -eq 5 ]; then
  echo "!! pytest collected no tests: that is a failure here"
  rc=1
fi
exit $rc
