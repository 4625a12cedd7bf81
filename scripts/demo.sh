#!/usr/bin/env bash
# npm run demo: the whole bot on this machine, talking to a fake WeCom, with the demo school loaded.
# Uses PostgreSQL and Redis if they run, starts or installs them if it can (scripts/ensure-services.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-services.sh
[[ -d node_modules ]] || npm ci
[[ -d src/generated/prisma ]] || node scripts/prisma-generate.mjs

# Demo defaults: local services, the fake WeCom, and throwaway callback secrets (never real ones).
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/xiaoban_demo}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export PORT="${PORT:-3000}"
export FAKE_WECOM_PORT="${FAKE_WECOM_PORT:-3900}"
export XIAOBAN_FAKE_WECOM=1
export WECOM_CORP_ID="${WECOM_CORP_ID:-wwdemo0000000001}"
export WECOM_AGENT_ID="${WECOM_AGENT_ID:-1000002}"
export WECOM_SECRET="${WECOM_SECRET:-demo-secret}"
export WECOM_TOKEN="${WECOM_TOKEN:-demoCallbackToken}"
export WECOM_ENCODING_AES_KEY="${WECOM_ENCODING_AES_KEY:-jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C}"
export ADMIN_TOKEN="${ADMIN_TOKEN:-demo-admin-token-change-me}"
export LOG_LEVEL="${LOG_LEVEL:-warn}"

npm run --silent db:migrate

node --import tsx src/main.ts &
service=$!
trap 'kill "$service" 2>/dev/null; wait "$service" 2>/dev/null' INT TERM EXIT
for _ in $(seq 1 60); do
  node -e "fetch('http://127.0.0.1:${PORT}/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" && break
  kill -0 "$service" 2>/dev/null || { echo "xiaoban did not start (see the lines above)"; exit 1; }
  sleep 0.5
done

cat <<BANNER

校办助手 is running with the demo school 示范中学 and a fake WeCom (nothing leaves this machine).

  Try it in the browser (a WeCom simulator):  http://127.0.0.1:${PORT}/simulator/
  Or from another terminal, as 陈浩 (chenhao):   npm run say -- chenhao 帮助
                                               npm run say -- chenhao "用印 事由:报送年度总结 文件:2026年度工作总结 份数:3 印章:校章"
                                               npm run say -- lihua 我的待办
  Health and metrics:  http://127.0.0.1:${PORT}/readyz   http://127.0.0.1:${PORT}/metrics
  People to try: chenhao 陈浩 (教务处), lihua 李华 (教务处主任), zhoumin 周敏 (分管副校长),
                 liuqiang 刘强 (印章管理员), wangfang 王芳 (办公室主任) — see config/org.yaml.

Press Ctrl+C to stop.
BANNER
wait "$service"
