# One build for the whole monorepo, one small target per app.
# docker compose builds each target (see docker-compose.yml).
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npm install --no-audit --no-fund \
 && npm run generate -w @switchboard/db \
 && npx turbo run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
COPY --from=build /app /app
# /demo is where compose's setup service leaves the seed output for demo-number.
RUN mkdir -p /demo && chown node:node /demo
USER node

FROM runtime AS api
ENV API_HOST=0.0.0.0
EXPOSE 3001
CMD ["node", "--enable-source-maps", "apps/api/dist/main.js"]

FROM runtime AS worker
ENV WORKER_HOST=0.0.0.0
EXPOSE 3002
CMD ["node", "--enable-source-maps", "apps/worker/dist/main.js"]

FROM runtime AS sandbox
ENV SANDBOX_HOST=0.0.0.0
EXPOSE 3100
CMD ["node", "--enable-source-maps", "apps/sandbox/dist/main.js"]

FROM runtime AS web
EXPOSE 3000
WORKDIR /app/apps/web
CMD ["npx", "next", "start", "-H", "0.0.0.0", "-p", "3000"]

# Applies migrations, seeds the demo and registers its number with the sandbox, then exits.
FROM runtime AS setup
CMD ["sh", "-c", "npm run -s db:migrate && npm run -s seed -- --json | node scripts/register-demo-number.mjs"]
