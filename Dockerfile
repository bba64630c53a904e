# The threadgraph API for docker-compose.yml: builds the TypeScript, keeps production deps only.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --omit=optional
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY importers ./importers
COPY test/bench ./test/bench
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev --ignore-scripts

FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production THREADGRAPH_HOME=/var/lib/threadgraph
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
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
