#!/usr/bin/env bash
# The project's one test command (README; CI runs it through .ci/run):
#   bash tests/run-tests.sh [project-or-solution] [more dotnet test arguments...]
# e.g. bash tests/run-tests.sh tests/Correlator.Domain.Tests --filter "FullyQualifiedName~Priority"
#
# 1. installs the servers the tests start (Debian packages) when they are missing;
# 2. runs dotnet test in Release, one TRX file per test project, killing a test host that hangs;
# 3. counts the TRX results and prints, as the very last line, "N passed, N failed, N skipped".
# Exits non-zero when a test failed, dotnet test failed (build error, crashed or hung test host),
# or no test ran.
#
# Environment: CORRELATOR_TEST_RESULTS (default artifacts/test-results, emptied first),
# CORRELATOR_TEST_HANG_TIMEOUT (default 10m).
set -euo pipefail

# Request Tracker 5 is not listed here: the publishing tests start it through scripts/rt/start-rt.sh, which
# installs it (with the debconf answers it needs) when missing; they skip, saying why, if it cannot start.
# "command package" pairs: the Debian package that provides each server a test starts.
REQUIRED=(
  "prometheus-alertmanager prometheus-alertmanager"
  "chromium chromium"
  "influxd influxdb"
  "python3:aiosmtpd python3-aiosmtpd"
)

# A "command" of the form python3:MODULE is present when Debian's python3 imports MODULE (the SMTP tests' server).
present() {
  case "$1" in
    python3:*) /usr/bin/python3 -c "import ${1#python3:}" >/dev/null 2>&1 ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

log() { printf '== %s\n' "$*"; }

install_missing_packages() {
  local missing=() entry command package
  for entry in "${REQUIRED[@]}"; do
    read -r command package <<<"$entry"
    if present "$command"; then
      log "$command: $(command -v "$command" || echo present)"
    else
      missing+=("$package")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi

  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      log "NOT INSTALLED: ${missing[*]} (not root and no sudo); the tests that need them will be skipped"
      return 0
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    log "NOT INSTALLED: ${missing[*]} (no apt-get); the tests that need them will be skipped"
    return 0
  fi

  log "installing: ${missing[*]}"
  if "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null \
    && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null; then
    log "installed: ${missing[*]}"
    for entry in "${REQUIRED[@]}"; do
      read -r command package <<<"$entry"
      if command -v "$command" >/dev/null 2>&1; then
        log "$command: $(command -v "$command") ($("$command" --version 2>&1 | head -n 1))"
      fi
    done
  else
    log "INSTALL FAILED: ${missing[*]}; the tests that need them will be skipped"
  fi
}

# A numeric attribute of the <Counters .../> element of a TRX file (0 when absent).
counter() {
  local value
  value="$(grep -o '<Counters [^>]*>' "$2" | head -n 1 | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p")" || true
  printf '%s' "${value:-0}"
}

# How many <UnitTestResult> elements have the given outcome.
outcomes() {
  grep -c "<UnitTestResult [^>]*outcome=\"$1\"" "$2" || true
}

decode_xml() {
  sed 's/&quot;/"/g; s/&apos;/'"'"'/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g'
}

main() {
  cd "$(dirname "$0")/.."

  export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
  export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
  # Lingering MSBuild nodes can keep a CI step's output pipe open after the script has ended.
  export MSBUILDDISABLENODEREUSE=1

  local results_dir="${CORRELATOR_TEST_RESULTS:-artifacts/test-results}"
  local hang_timeout="${CORRELATOR_TEST_HANG_TIMEOUT:-10m}"

  install_missing_packages

  local target="Correlator.sln"
  if [ "$#" -gt 0 ] && [[ "$1" != -* ]]; then
    target="$1"
    shift
  fi

  rm -rf "$results_dir"
  mkdir -p "$results_dir"
  # The browser tests save their screenshots under this folder (screenshots/), next to the TRX files.
  CORRELATOR_TEST_RESULTS="$(cd "$results_dir" && pwd)"
  export CORRELATOR_TEST_RESULTS

  # LogFilePrefix, not LogFileName: every test project of a solution writes its own TRX file, and
  # with a fixed LogFileName each project overwrites the one before ("WARNING: Overwriting results file").
  # Request Tracker is started by the tests themselves (scripts/rt/start-rt.sh, shared by the test projects):
  # when it was not running before the tests, it is stopped after them, by the pid file the script wrote.
  local rt_script rt_was_running=1
  rt_script="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/scripts/rt/start-rt.sh"
  bash "$rt_script" status >/dev/null 2>&1 || rt_was_running=0

  log "dotnet test $target -c Release $*"
  local test_exit=0
  dotnet test "$target" -c Release \
    --results-directory "$results_dir" \
    --logger "trx;LogFilePrefix=tests" \
    --blame-hang-timeout "$hang_timeout" \
    --blame-hang-dump-type mini \
    "$@" </dev/null || test_exit=$?

  if [ "$rt_was_running" -eq 0 ] && bash "$rt_script" status >/dev/null 2>&1; then
    log "stopping the Request Tracker the tests started"
    bash "$rt_script" stop >/dev/null 2>&1 || log "could not stop Request Tracker (scripts/rt/start-rt.sh stop)"
  fi

  # xunit v3 through VSTest writes a skipped test (Assert.Skip or [Fact(Skip = ...)]) as a
  # <UnitTestResult outcome="NotExecuted">; <Counters> counts it in total but not in executed
  # (executed = passed + failed) and leaves notExecuted="0", so skips are counted from the results.
  local passed=0 failed=0 skipped=0 files=0 aborted_runs=0 trx p f s total executed other
  while IFS= read -r -d '' trx; do
    files=$((files + 1))
    p="$(counter passed "$trx")"
    f="$(counter failed "$trx")"
    total="$(counter total "$trx")"
    executed="$(counter executed "$trx")"
    s="$(outcomes NotExecuted "$trx")"
    # Any other outcome (Error, Timeout, Aborted, NotFound, ...) is a failure too.
    other=$((total - executed - s))
    if [ "$other" -gt 0 ]; then f=$((f + other)); fi
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
    log "$(basename "$trx"): $p passed, $f failed, $s skipped"
    # VSTest's run-level message when a test host crashed or was killed for hanging.
    if grep -qi 'test run was aborted' "$trx"; then
      aborted_runs=$((aborted_runs + 1))
      log "   ABORTED: $(grep -i -m 1 -o 'test run was aborted[^<]*' "$trx")"
    fi
    { grep -o '<UnitTestResult [^>]*outcome="Failed"' "$trx" || true; } \
      | sed -n 's/.* testName="\([^"]*\)".*/   FAILED: \1/p' | decode_xml
    # The first lines of each failure's message: the console output above may be cut, this summary is at the end.
    if [ "$f" -gt 0 ]; then failure_messages "$trx" | decode_xml; fi
  done < <(find "$results_dir" -name '*.trx' -print0 | sort -z)

  # A test host killed by --blame-hang-timeout (or one that crashed) leaves no TRX result for the
  # test it was running; the blame collector's Sequence_*.xml marks that test Completed="False".
  # The TRX logger also copies each attachment into its own folder: read each file name once.
  local seen=" " hung=0 sequence name
  while IFS= read -r -d '' sequence; do
    case "$seen" in *" $(basename "$sequence") "*) continue ;; esac
    seen="$seen$(basename "$sequence") "
    while IFS= read -r name; do
      hung=$((hung + 1))
      log "FAILED (hung or crashed the test host): $name"
    done < <({ grep -o '<Test [^>]*Completed="False"' "$sequence" || true; } | sed -n 's/.* Name="\([^"]*\)".*/\1/p' | decode_xml)
  done < <(find "$results_dir" -name 'Sequence_*.xml' -print0 | sort -z)
  # A run that aborted before the blame collector could name its test still counts as one failure.
  failed=$((failed + (hung > aborted_runs ? hung : aborted_runs)))

  local status=0
  if [ "$test_exit" -ne 0 ]; then
    log "FAILED: dotnet test exited with $test_exit (failed tests, a build error, or a crashed or hung test host: see above)"
    status=1
  fi
  if [ "$failed" -gt 0 ]; then
    status=1
  fi
  if [ $((passed + failed)) -eq 0 ]; then
    log "FAILED: no test ran ($files TRX files in $results_dir)"
    status=1
  fi

  echo "$passed passed, $failed failed, $skipped skipped"
  return "$status"
}

# Prints up to eight lines of the <Message> of every failed result in a TRX file, indented under its FAILED line.
failure_messages() {
  awk '
    /<UnitTestResult / { failed = ($0 ~ /outcome="Failed"/); inmsg = 0 }
    failed && /<Message>/ { inmsg = 1; shown = 0; sub(/.*<Message>/, "") }
    inmsg {
      line = $0
      done = sub(/<\/Message>.*/, "", line)
      if (shown < 8 && line != "") { print "      | " line; shown++ }
      if (done) { inmsg = 0; failed = 0 }
    }
  ' "$1"
}

# Everything runs from main, which bash has parsed in full before it starts: editing this file
# during a run cannot change what the run does.
main "$@"
