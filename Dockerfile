# syntax=docker/dockerfile:1
# Multi-stage build: compile TypeScript (and the native better-sqlite3 addon) in a build stage,
# ship only production dependencies, the compiled code and the data files, and run as a non-root user.

FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 SFTP_PORT=2222 EDIGW_DATA_DIR=/var/lib/edigw
WORKDIR /app
RUN groupadd --system edigw && useradd --system --gid edigw --home-dir /var/lib/edigw edigw \
 && mkdir -p /var/lib/edigw && chown edigw:edigw /var/lib/edigw
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY schemas ./schemas
COPY mappings ./mappings
COPY config ./config
USER edigw
VOLUME ["/var/lib/edigw"]
EXPOSE 8080 2222
# The demo configuration refuses to listen on a non-loopback address: mount your own with EDIGW_CONFIG.
CMD ["node", "bin/edigw", "start"]
