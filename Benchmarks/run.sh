#!/usr/bin/env bash
# Barometer benchmark (issue #8): the raked sample pipeline on generated exports, timed against
# R's survey package, pandas + numpy and polars + numpy doing the same work on the same files.
# Every peer's figures are checked against barometer's before its time counts.
# Results: Benchmarks/README.md (regenerated). Run ./Benchmarks/run.sh --help for options.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"

SIZES="2271 100000 1000000"
REPS=3
R_MAX=1000000          # R survey needs minutes and GBs per million rows: skipped above this
R_REPS_ABOVE=10000     # and run once (not REPS times) above this size (minutes per run)
PEERS="pandas polars r"   # R last: the slowest by far
WORK="$HERE/.work"     # gitignored
README="$HERE/README.md"

usage() {
  cat <<EOF
Usage: Benchmarks/run.sh [options]

Generates exports with 'barometer sample', writes a benchmark pipeline per size (a copy of
Pipelines/frivillige-2019-raked.yml pointing at them), runs 'barometer run' and the peers
(R survey, pandas + numpy, polars + numpy), checks that every peer's estimates, SEs, CIs and
p-values agree with barometer's (fails otherwise), and regenerates Benchmarks/README.md with the
median wall time, CPU time and peak memory (/usr/bin/time -v) of each.

Options:
  --sizes "N ..."   respondents per export (default: "$SIZES"); add 10000000 for 10M
  --reps K          timed runs per tool and size, median reported (default: $REPS)
  --peers "..."     peers to run, of: pandas polars r (default: "$PEERS"; "" for barometer only)
  --r-max N         skip R above N respondents (default: $R_MAX)
  --r-reps-above N  run R only once above N respondents (default: $R_REPS_ABOVE)
  --work DIR        data, pipelines, outputs and timings (default: Benchmarks/.work)
  --readme FILE     where to write the report (default: Benchmarks/README.md)
  --fresh           regenerate the exports even if they exist
  -h, --help        this help

Environment:
  BAROMETER   the barometer binary to time; default: 'swift build -c release' in the
              repository, then .build/release/barometer
  RSCRIPT     default: Rscript (needs the survey package, Debian: r-cran-survey)
  PYTHON      default: python3 (pandas, polars, numpy, scipy; pip-installed if missing)
EOF
}

FRESH=0
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --reps) REPS="$2"; shift 2 ;;
    --peers) PEERS="$2"; shift 2 ;;
    --r-max) R_MAX="$2"; shift 2 ;;
    --r-reps-above) R_REPS_ABOVE="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --readme) README="$2"; shift 2 ;;
    --fresh) FRESH=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done

say() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }
die() { echo "run.sh: $*" >&2; exit 1; }

RSCRIPT="${RSCRIPT:-Rscript}"
PYTHON="${PYTHON:-python3}"
if [ -z "${BAROMETER:-}" ]; then
  say "building barometer (swift build -c release)"
  (cd "$ROOT" && swift build -c release >&2)
  BAROMETER="$ROOT/.build/release/barometer"
fi
[ -x "$BAROMETER" ] || die "BAROMETER=$BAROMETER is not executable"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is needed for CPU time and peak memory"

for peer in $PEERS; do
  case "$peer" in
    r) "$RSCRIPT" -e 'suppressPackageStartupMessages(library(survey))' >/dev/null 2>&1 \
         || die "R peer: $RSCRIPT with the survey package is needed (Debian: apt-get install r-cran-survey), or --peers without r" ;;
    pandas|polars)
      if ! "$PYTHON" -c 'import pandas, polars, numpy, scipy' 2>/dev/null; then
        say "installing pandas polars numpy scipy with pip"
        "$PYTHON" -m pip install --quiet pandas polars numpy scipy >&2
      fi ;;
    *) die "unknown peer $peer (r, pandas, polars)" ;;
  esac
done

mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
TIMINGS="$WORK/timings.tsv"   # size, tool, rep, wall s, cpu s, max RSS KB
EXTRACT="$WORK/extract.tsv"   # size, bytes, extract-stage s, inspect wall s, inspect cpu s
: > "$TIMINGS"
: > "$EXTRACT"

# median: the median of the numbers on stdin, one per line.
median() {
  sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# timed OUT_TSV_PREFIX CMD...: runs CMD under /usr/bin/time -v, its output in $WORK/last.log;
# echoes "wall cpu rss_kb".
timed() {
  local tf="$WORK/time.txt"
  if ! /usr/bin/time -v -o "$tf" "$@" > "$WORK/last.log" 2>&1; then
    cat "$WORK/last.log" >&2
    die "failed: $*"
  fi
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + t[i] }
    /User time/ { cpu += $2 } /System time/ { cpu += $2 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.3f %.2f %d\n", wall, cpu, rss }' "$tf"
}

# The margins the raking needs besides region: the frame's N summed by sektor / stoerrelse.
margins() {
  local data="$1" v
  for v in sektor stoerrelse; do
    { echo "$v;N"
      awk -F';' -v col="$v" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
                             { s[$c] += $4 } END { for (k in s) print k ";" s[k] }' "$data/frame.csv" | sort -t';' -k1,1n
    } > "$data/margins-$v.csv"
  done
}

# The benchmark pipeline: the raked sample pipeline with the generated bundle, one breakdown
# (sektor), no crossings, no suppression (peers would have to mimic it) and its own output.
pipeline() {
  local dir="$1"
  sed -e "s#\.\./SampleInput/barometer-2019#$dir/data#g" \
      -e 's#^  breakdowns: .*#  breakdowns: [sektor]#' \
      -e '/^  crossings:/d' -e '/^  suppression:/d' \
      -e "s#^  directory: .*#  directory: $dir/out#" \
      "$ROOT/Pipelines/frivillige-2019-raked.yml" > "$dir/pipeline.yml"
  # Fail if the source pipeline changed shape and a substitution silently missed.
  [ "$(grep -c "$dir/data" "$dir/pipeline.yml")" -eq 5 ] && grep -q "breakdowns: \[sektor\]$" "$dir/pipeline.yml" \
    && ! grep -q 'crossings:\|suppression:\|SampleInput' "$dir/pipeline.yml" \
    || die "could not adapt Pipelines/frivillige-2019-raked.yml (see $dir/pipeline.yml)"
  "$BAROMETER" validate "$dir/pipeline.yml" >&2
}

peer_cmd() {  # peer data_dir result_csv
  case "$1" in
    r) echo "$RSCRIPT $HERE/peers/survey_peer.R $2 $3" ;;
    pandas) echo "$PYTHON $HERE/peers/pandas_peer.py $2 $3" ;;
    polars) echo "$PYTHON $HERE/peers/polars_peer.py $2 $3" ;;
  esac
}

# Everything the report states about the machine and the tools.
{
  printf 'nproc\t%s\n' "$(nproc)"
  printf 'cpu\t%s\n' "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  printf 'memory\t%s\n' "$(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
  printf 'os\t%s\n' "$(. /etc/os-release && echo "$PRETTY_NAME") / $(uname -r)"
  printf 'barometer\t%s\n' "$("$BAROMETER" --version)"
  printf 'commit\t%s\n' "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [[ " $PEERS " == *" r "* ]]; then
    printf 'r\t%s\n' "$("$RSCRIPT" -e 'cat(R.version.string, "/ survey", as.character(packageVersion("survey")))')"
  fi
  printf 'python\t%s\n' "$("$PYTHON" -c 'import sys; print(sys.version.split()[0])')"
  printf 'libraries\t%s\n' "$("$PYTHON" -c 'import pandas, polars, numpy, scipy; print(f"pandas {pandas.__version__}, polars {polars.__version__}, numpy {numpy.__version__}, scipy {scipy.__version__}")' 2>/dev/null || echo none)"
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'reps\t%s\n' "$REPS"
  printf 'r_max\t%s\n' "$R_MAX"
  printf 'r_reps_above\t%s\n' "$R_REPS_ABOVE"
  printf 'peers\t%s\n' "$PEERS"
  printf 'sizes\t%s\n' "$SIZES"
} > "$WORK/meta.tsv"


for size in $SIZES; do
  dir="$WORK/$size"
  mkdir -p "$dir"
  if [ "$FRESH" = 1 ] || [ ! -f "$dir/data/.complete" ]; then
    say "$size: generating the export"
    rm -rf "$dir/data"
    "$BAROMETER" sample --respondents "$size" --output "$dir/data" >&2
    touch "$dir/data/.complete"
  fi
  margins "$dir/data"
  pipeline "$dir"
  bytes=$(stat -c %s "$dir/data/dataset.csv")

  # Warm-up run with stage timings (also warms the page cache for everyone).
  rm -rf "$dir/out"
  "$BAROMETER" run -v "$dir/pipeline.yml" > /dev/null 2> "$dir/verbose.log"
  extract_s=$(sed -n 's/.*extract took \([0-9.]*\) s.*/\1/p' "$dir/verbose.log")
  # The extract alone (`inspect`): medians of at least three runs, since its CPU time is what a
  # shared machine's noise moves most.
  : > "$WORK/inspect.tsv"
  for rep in $(seq "$(( REPS > 3 ? REPS : 3 ))"); do timed "$BAROMETER" inspect "$dir/data/dataset.csv" >> "$WORK/inspect.tsv"; done
  iwall=$(cut -d' ' -f1 "$WORK/inspect.tsv" | median)
  icpu=$(cut -d' ' -f2 "$WORK/inspect.tsv" | median)
  printf '%s\t%s\t%s\t%s\t%s\n' "$size" "$bytes" "$extract_s" "$iwall" "$icpu" >> "$EXTRACT"

  for rep in $(seq "$REPS"); do
    rm -rf "$dir/out"   # each run adds a timestamped run folder; keep the disk use flat
    read -r wall cpu rss < <(timed "$BAROMETER" run "$dir/pipeline.yml")
    say "$size: barometer run $rep: ${wall} s wall, ${cpu} s CPU, $((rss / 1024)) MB"
    printf '%s\tbarometer\t%s\t%s\t%s\t%s\n' "$size" "$rep" "$wall" "$cpu" "$rss" >> "$TIMINGS"
  done

  for peer in $PEERS; do
    reps=$REPS
    if [ "$peer" = r ]; then
      if [ "$size" -gt "$R_MAX" ]; then say "$size: R skipped (above --r-max $R_MAX)"; continue; fi
      if [ "$size" -gt "$R_REPS_ABOVE" ]; then reps=1; fi
    fi
    for rep in $(seq "$reps"); do
      # shellcheck disable=SC2046
      read -r wall cpu rss < <(timed $(peer_cmd "$peer" "$dir/data" "$dir/$peer.csv"))
      say "$size: $peer run $rep: ${wall} s wall, ${cpu} s CPU, $((rss / 1024)) MB"
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$peer" "$rep" "$wall" "$cpu" "$rss" >> "$TIMINGS"
      if [ "$rep" = 1 ]; then
        "$PYTHON" "$HERE/check.py" "$dir/out" "$dir/$peer.csv" | tee -a "$dir/check.log" >&2 \
          || die "$size: $peer disagrees with barometer; timings would not be comparable"
      fi
    done
  done
  # Report after every size, so an interrupted run still shows the sizes it finished.
  "$PYTHON" "$HERE/report.py" "$WORK" > "$README"
  say "$size: done, $README updated"
done

say "done: $README"
