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

typecheck_failures=0
# One pass type-checks everything and compiles it into dist/ (git-ignored): the compiled-build test
# then runs dist/src/main.js as the Docker image does, at no extra cost.
echo 'typecheck: tsc (and compile into dist/)'
if ! npx tsc -p .; then
  typecheck_failures=1
  echo 'typecheck: FAILED (counted as 1 failed)'
fi

# Structure: no import cycles in our own code (STYLE.md; the generated Prisma client is not ours).
echo 'structure: no import cycles (madge)'
if ! npx madge --circular --extensions ts --ts-config tsconfig.json --exclude '(^|/)generated/' --no-spinner src cards scripts; then
  typecheck_failures=$((typecheck_failures + 1))
  echo 'structure: import cycle found (counted as 1 failed)'
fi

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
