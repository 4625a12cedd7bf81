# syntax=docker/dockerfile:1
# Xiaoban (校办助手). Build: docker build -t xiaoban .   Run: see docker-compose.yml.
# Needs only the npm registry: no native Prisma engine is downloaded (scripts/prisma-generate.mjs).

# ---- dependencies and the generated Prisma client ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV CI=true PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
COPY package.json package-lock.json ./
# No dependency needs its install script; @prisma/engines' would try to download native engines.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma-generate.mjs ./scripts/
RUN node scripts/prisma-generate.mjs
# The prisma CLI, vitest and typescript are build/test tools; tsx stays (it runs the service).
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# ---- runtime ----
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000 \
    XIAOBAN_ROLE=all \
    XIAOBAN_MIGRATE_ON_START=1
# Files stay root-owned and read-only to the service user.
COPY --from=build /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY prisma ./prisma
COPY config ./config
COPY cards ./cards
COPY scripts ./scripts
COPY src ./src
COPY --from=build /app/src/generated ./src/generated
USER node
EXPOSE 3000
# Liveness of the web part (GET /healthz); a worker-only container serves no HTTP, so it passes while
# its process runs. No curl in the slim image: node's fetch does it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "if (process.env.XIAOBAN_ROLE === 'worker') process.exit(0); fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["sh", "scripts/docker-entrypoint.sh"]
CMD ["node", "--import", "tsx", "src/main.ts"]
