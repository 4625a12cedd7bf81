#!/bin/sh
# Container entry point: applies pending migrations (unless XIAOBAN_MIGRATE_ON_START=0), then runs
# the command (default: the compiled service). Every web and worker container may migrate at start:
# the runner holds Prisma's advisory lock, so concurrent starts apply each migration once.
set -eu

if [ "${XIAOBAN_MIGRATE_ON_START:-1}" = "1" ]; then
  node dist/scripts/db-migrate.js
fi

# exec: the service becomes PID 1 and receives SIGTERM itself, for its ordered shutdown (bounded at
# 7 s for running jobs, inside Docker's default 10 s grace).
exec "$@"
