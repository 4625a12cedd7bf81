# syntax=docker/dockerfile:1
# Xiaoban (校办助手). Build: docker build -t xiaoban .   Run: see docker-compose.yml.
# Needs only the npm registry: no native Prisma engine is downloaded (scripts/prisma-generate.mjs).
# Node 26 is the current LTS ("Lithium"); the code is tested on Node 20.19+ as well.

# ---- dependencies, the generated Prisma client, and the compiled service ----
FROM node:26-trixie-slim AS build
WORKDIR /app
ENV CI=true PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
COPY package.json package-lock.json ./
# No dependency needs its install script; @prisma/engines' would try to download native engines.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY cards ./cards
COPY src ./src
# TypeScript to JavaScript once here: the image starts faster and idles smaller than under tsx
# (npm run bench:startup).
RUN node scripts/prisma-generate.mjs && npm run build
# The prisma CLI, vitest and typescript are build and test tools.
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# ---- runtime ----
FROM node:26-trixie-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000 \
    XIAOBAN_ROLE=all \
    XIAOBAN_MIGRATE_ON_START=1 \
    FILE_STORE_DIR=/app/data/files
# Files stay root-owned and read-only to the service user.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
COPY prisma/migrations ./prisma/migrations
COPY config ./config
COPY scripts/docker-entrypoint.sh ./scripts/
# The documents' files (收文/发文, by sha256): the one folder the service writes. Mount a volume here
# (docker-compose.yml does); created owned by `node`, so an empty named volume mounted on it is too.
RUN mkdir -p /app/data/files && chown node:node /app/data/files
USER node
EXPOSE 3000
# Liveness of the web part (GET /healthz); a worker-only container serves no HTTP, so it passes while
# its process runs. No curl in the slim image: node's fetch does it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "if (process.env.XIAOBAN_ROLE === 'worker') process.exit(0); fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["sh", "scripts/docker-entrypoint.sh"]
CMD ["node", "dist/src/main.js"]
