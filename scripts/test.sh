#!/usr/bin/env bash
# npm test: starts what the tests need, type-checks, runs vitest, and ends with one line
# "N passed, M failed" (a failed type-check, a test file that cannot load, or a setup failure
# counts as one failure). Arguments go to vitest: `npm test -- tests/db`.
set -uo pipefail
cd "$(dirname "$0")/.."

summary() { printf '%s passed, %s failed\n' "$1" "$2"; }
setup_failed() { printf 'test.sh: %s\n' "$1" >&2; summary 0 1; exit 1; }

bash scripts/ensure-services.sh || setup_failed 'PostgreSQL or Redis is not available (see above)'
if [[ ! -d node_modules ]]; then
  npm ci || setup_failed 'npm ci failed'
fi
if [[ ! -f src/generated/prisma/client.ts ]]; then
  node scripts/prisma-generate.mjs || setup_failed 'prisma generate failed'
fi

# The static checks run side by side (each is a failure of its own): one tsc pass type-checks
# everything and compiles it into dist/ (git-ignored), which the compiled-build test then runs as the
# Docker image does; ESLint (typescript-eslint, floating promises included); the Prettier check. The
# layer order and import cycles are a test of their own (tests/unit/structure/layer-rules.test.ts).
static_dir=$(mktemp -d)
run_static() {
  local name=$1; shift
  if "$@" >"$static_dir/$name.log" 2>&1; then echo ok >"$static_dir/$name.status"; else echo failed >"$static_dir/$name.status"; fi
}
echo 'static checks: tsc (and compile into dist/), eslint, prettier --check'
run_static typecheck npx tsc -p . &
run_static lint npx eslint . &
run_static format npx prettier --check . &
wait
typecheck_failures=0
for name in typecheck lint format; do
  if [[ $(cat "$static_dir/$name.status") != ok ]]; then
    cat "$static_dir/$name.log"
    echo "$name: FAILED (counted as 1 failed)"
    typecheck_failures=$((typecheck_failures + 1))
  fi
done
rm -rf "$static_dir"

report_dir=$(mktemp -d)
trap 'rm -rf "$report_dir"' EXIT
npx vitest run --reporter=default --reporter=json --outputFile.json="$report_dir/report.json" "$@"
vitest_status=$?

# Tests that failed, plus test files that failed without a failing test (import or hook errors),
# plus one for a run that failed in some other way (unhandled error, crash, no report).
counts=$(node -e '
  const [file, status] = process.argv.slice(1);
  let report;
  try { report = JSON.parse(require("node:fs").readFileSync(file, "utf8")); } catch { report = null; }
  if (!report) { console.log(`0 ${status === "0" ? 0 : 1}`); process.exit(0); }
  const brokenFiles = report.testResults.filter((result) => result.status === "failed"
    && !result.assertionResults.some((test) => test.status === "failed")).length;
  let failed = report.numFailedTests + brokenFiles;
  if (failed === 0 && (status !== "0" || !report.success)) failed = 1;
  console.log(`${report.numPassedTests} ${failed}`);
' "$report_dir/report.json" "$vitest_status")
read -r passed failed <<<"$counts"
failed=$((failed + typecheck_failures))

summary "$passed" "$failed"
[[ $failed -eq 0 ]]
