#!/usr/bin/env bash
# Interleaved A/B: the same bench rows for two commits, alternating A B A B … in one invocation, so the
# VM's drift (20 % or more within an hour here) falls on both sides alike. A is a git ref built in a
# worktree under $AB_WORK; B is this working tree as it stands (uncommitted changes included).
#
#   bench/ab.sh HEAD~1                                   # webhook at 8 clients, 3 rounds
#   ROUNDS=4 SCENARIOS="consume webhook" bench/ab.sh main
#
# Environment (all optional): ROUNDS (3), SCENARIOS (webhook), CLIENT_COUNTS (8), SECONDS_PER_RUN (15),
# HOST_WARMUP_MAX (60), AB_WORK (/tmp/scholar-ab). Each run is one `bench/run.sh` (REPORT empty: nothing is
# written); its rows are printed as they come, tagged A or B, then each side's median app req/s and web
# CPU per request per row.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

[ $# -eq 1 ] || { printf 'usage: bench/ab.sh <git ref for A>\n' >&2; exit 2; }
ref="$1"
ROUNDS="${ROUNDS:-3}"
AB_WORK="${AB_WORK:-/tmp/scholar-ab}"
export SCENARIOS="${SCENARIOS:-webhook}" CLIENT_COUNTS="${CLIENT_COUNTS:-8}" SECONDS_PER_RUN="${SECONDS_PER_RUN:-15}"
export HOST_WARMUP_MAX="${HOST_WARMUP_MAX:-60}" REPORT=

log() { printf '[ab] %s\n' "$*" >&2; }

commit="$(git rev-parse --verify "$ref^{commit}")"
a_tree="$AB_WORK/a"
if [ -d "$a_tree" ]; then
  git -C "$a_tree" checkout -q --detach "$commit"
else
  mkdir -p "$AB_WORK"
  git worktree add -q --detach "$a_tree" "$commit"
fi
log "A = $ref (${commit:0:12}) in $a_tree; B = this tree ($(git rev-parse --short HEAD), uncommitted changes included)"

results="$AB_WORK/rows.txt"
: >"$results"
for round in $(seq 1 "$ROUNDS"); do
  for side in A B; do
    tree="$PWD"
    [ "$side" = B ] || tree="$a_tree"
    log "round $round/$ROUNDS: $side"
    out="$("$tree/bench/run.sh" 2>"$AB_WORK/run-$side-$round.log")" \
      || { cat "$AB_WORK/run-$side-$round.log" >&2; log "the $side run failed"; exit 1; }
    printf '%s\n' "$out" | grep -E '^\| [a-z]+ \| [0-9]+ \|' | sed "s/^/$side /" | tee -a "$results"
  done
done

# The table's columns: | path | clients | req/s | client … | server … | web CPU ms/req | …
printf '\nmedians over %s rounds (path, clients, side: app req/s, web CPU ms/req)\n' "$ROUNDS"
awk -F'|' '{ side = substr($1, 1, 1); gsub(/ /, "", $2); gsub(/ /, "", $3)
             key = $2 " " $3 " " side; rps[key] = rps[key] " " $4 + 0; cpu[key] = cpu[key] " " $7 + 0 }
  function median(list,   n, v, i, j, t) {
    n = split(list, v, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  END { for (k in rps) printf "%s: %.0f req/s, %.3f ms\n", k, median(rps[k]), median(cpu[k]) }' "$results" | sort
