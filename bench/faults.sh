#!/usr/bin/env bash
# Fault runs against real Scholar Web processes, one command from a fresh clone:
#
#   bench/faults.sh                       # runs a–f (10,000 deliveries each; f: 2,000 payment lifecycles); exit 1 on any invariant violation
#   RUNS=b,c DELIVERIES=2000 bench/faults.sh
#
# It prepares the local PostgreSQL (scripts/postgres.sh), builds Web and the driver in Release,
# migrates a template database `scholar_faults` and gives each run its own clone
# (`scholar_faults_a` … `_e`, left behind for inspection), so a developer's `scholar` database is
# never touched. The driver (bench/Scholar.Faults) starts the Web process(es) itself on free
# loopback ports, runs a Postmark stub, drives the load and the faults, and prints a table per run.
#
# The runs use a PostgreSQL cluster of their own, `scholar_faults` on port FAULTS_PG_PORT (5439),
# created on first use with Debian's pg_createcluster, so that run (b)'s outage stops only it and
# not the developer's cluster. `pg_dropcluster --stop <version> scholar_faults` removes it.
#
# Environment: FAULTS_PG_PORT (5439, when the cluster is created), RUNS (a,b,c,d,e,f), DELIVERIES (10000), PAYMENTS (2000, run f), DUPLICATES (0.3), CLIENTS (16), CONSUMERS (4),
# KILLS (5), OUTAGE_SECONDS (10), GRACE_SECONDS (5), DRAIN_SECONDS (900), POSTMARK_FAILURE (0.3),
# POSTMARK_TIMEOUT (2, seconds, run d only), FAULTS_WORK (a directory for the Web logs; default a temp dir).
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

# shellcheck source=../scripts/postgres.sh
source scripts/postgres.sh

[ "${SCHOLAR_PG_EXTERNAL:-0}" != 1 ] ||
  scholar_die "faults.sh stops and starts PostgreSQL itself: it needs the local cluster (unset SCHOLAR_PG_EXTERNAL)"
for tool in dotnet psql; do command -v "$tool" >/dev/null 2>&1 || scholar_die "$tool is required"; done

# PostgreSQL installed and its first cluster up (scripts/postgres.sh), then the runs' own cluster.
unset DATABASE_URL
scholar_pg_prepare
if ! scholar_pg_read_cluster scholar_faults; then
  scholar_log "creating PostgreSQL cluster $SCHOLAR_PG_VERSION/scholar_faults on port ${FAULTS_PG_PORT:-5439} for the fault runs"
  scholar_sudo pg_createcluster "$SCHOLAR_PG_VERSION" scholar_faults --port "${FAULTS_PG_PORT:-5439}" >/dev/null
  scholar_pg_read_cluster scholar_faults || scholar_die "pg_createcluster did not create scholar_faults"
fi
scholar_pg_start_and_login

TEMPLATE=scholar_faults
WORK="${FAULTS_WORK:-$(mktemp -d -t scholar-faults.XXXXXX)}"
mkdir -p "$WORK"

scholar_log "dotnet build (Release): src/Web, bench/Scholar.Faults"
dotnet build src/Web -c Release -nologo -v q
dotnet build bench/Scholar.Faults -c Release -nologo -v q
web_dll="$PWD/src/Web/bin/Release/net10.0/Scholar.Web.dll"

scholar_log "template database $TEMPLATE: recreated and migrated"
export PGPASSWORD=scholar
admin=(psql -X -q -h 127.0.0.1 -p "$SCHOLAR_PG_PORT" -U scholar -d postgres -v ON_ERROR_STOP=1)
# Clones of an earlier invocation first: they were made from the template.
for run in a b c d e; do "${admin[@]}" -c "DROP DATABASE IF EXISTS ${TEMPLATE}_$run WITH (FORCE)" >/dev/null; done
"${admin[@]}" -c "DROP DATABASE IF EXISTS $TEMPLATE WITH (FORCE)" >/dev/null
"${admin[@]}" -c "CREATE DATABASE $TEMPLATE" >/dev/null
ASPNETCORE_ENVIRONMENT=Development DATABASE_URL="postgres://scholar:scholar@127.0.0.1:$SCHOLAR_PG_PORT/$TEMPLATE" \
  dotnet "$web_dll" migrate >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log" >&2; scholar_die "migrate failed"; }

if [ "$(id -u)" -eq 0 ]; then sudo_cmd=""; else sudo_cmd="sudo -n "; fi
pg_ctl="${sudo_cmd}pg_ctlcluster $SCHOLAR_PG_VERSION $SCHOLAR_PG_CLUSTER"

scholar_log "fault runs ${RUNS:-a,b,c,d,e,f}; Web logs in $WORK"
dotnet bench/Scholar.Faults/bin/Release/net10.0/Scholar.Faults.dll \
  --web-dll "$web_dll" --pg-port "$SCHOLAR_PG_PORT" --template "$TEMPLATE" --work "$WORK" \
  --runs "${RUNS:-a,b,c,d,e,f}" --deliveries "${DELIVERIES:-10000}" --payments "${PAYMENTS:-2000}" --duplicates "${DUPLICATES:-0.3}" \
  --clients "${CLIENTS:-16}" --consumers "${CONSUMERS:-4}" --kills "${KILLS:-5}" \
  --outage-seconds "${OUTAGE_SECONDS:-10}" --grace-seconds "${GRACE_SECONDS:-5}" --drain-seconds "${DRAIN_SECONDS:-900}" \
  --postmark-failure "${POSTMARK_FAILURE:-0.3}" --postmark-timeout-seconds "${POSTMARK_TIMEOUT:-2}" \
  --pg-stop "$pg_ctl stop" --pg-start "$pg_ctl start" \
  --ceo-email "${OPS_BOOTSTRAP_EMAIL:-ceo@scholar.local}" --ceo-password "${OPS_BOOTSTRAP_PASSWORD:-Scholar-dev-ceo-1!}"
