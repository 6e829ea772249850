#!/usr/bin/env bash
# The whole test suite, as `make test` runs it (and .ci/run calls `make test`).
# Starts the local Neo4j when Java and Maven are there (always under CI=true), runs pytest,
# stops Neo4j again if this script started it, also when tests fail.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

started_neo4j=0
cleanup() {
  if [ "$started_neo4j" = 1 ]; then
    .venv/bin/lemniscaat neo4j stop >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

if [ -z "${NEO4J_URI:-}" ] && [ -f graph/local_neo4j.py ]; then
  if command -v java >/dev/null && command -v mvn >/dev/null; then
    running=$($PY -c 'from graph import local_neo4j as l; print(int(l.status()["running"]))' 2>/dev/null || echo 0)
    if [ "$running" != 1 ]; then
      echo "== starting the local Neo4j (first run builds it with Maven)"
      if .venv/bin/lemniscaat neo4j start; then started_neo4j=1; else
        echo "!! the local Neo4j did not start"; [ "${CI:-}" = "true" ] && exit 1
      fi
    fi
  else
    echo "!! Java or Maven missing: the Neo4j half of the contract suite will be SKIPPED (fails under CI=true)"
  fi
fi

$PY -m pytest "$@"
rc=$?
if [ $rc -eq 5 ]; then
  echo "!! pytest collected no tests: that is a failure here"
  rc=1
fi
exit $rc
