/**
 * The layering of house-style.md, enforced: domain imports nothing of ours; nothing imports the
 * API; importers read sources and yield records (domain only); no cycles anywhere.
 */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds the canonical model and its rules: no vendor or project imports',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', '^node_modules/@types/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'nothing-imports-api',
      severity: 'error',
      from: { pathNot: ['^src/api/', '^src/main\\.ts$'] },
      to: { path: '^src/api/' },
    },
    {
      name: 'importers-use-domain-only',
      severity: 'error',
      from: { path: '^importers/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'graph-does-not-know-services-or-api',
      severity: 'error',
      from: { path: '^src/graph/' },
      to: { path: ['^src/services/', '^src/api/', '^src/cli/', '^src/main\\.ts$'] },
    },
    {
      name: 'web-talks-only-http',
      comment: 'the browser app reaches the server through GraphQL and HTTP only, never its code',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: ['^src/', '^importers/'] },
    },
    {
      name: 'only-main-and-cli-wire-jobs',
      comment:
        "jobs/ implements the services' ports; only the composition root and the CLI wire it",
      severity: 'error',
      from: { pathNot: ['^src/jobs/', '^src/main\\.ts$', '^src/cli/'] },
      to: { path: '^src/jobs/' },
    },
    {
      name: 'queue-packages-live-in-jobs',
      severity: 'error',
      from: { pathNot: ['^src/jobs/'] },
      to: { path: 'node_modules/(bullmq|ioredis)/' },
    },
    {
      name: 'pdf-packages-live-in-export',
      comment: 'export/ renders documents (the DHR as PDF); only it knows the PDF library',
      severity: 'error',
      from: { pathNot: ['^src/export/'] },
      // its types come from @types/pdfkit, which is where a TypeScript import resolves
      to: { path: 'node_modules/(@types/)?pdfkit/' },
    },
    {
      name: 'token-packages-live-in-api',
      comment: 'api/ verifies sign-in tokens (bearer-tokens.ts); only it knows the JOSE library',
      severity: 'error',
      from: { pathNot: ['^src/api/'] },
      to: { path: 'node_modules/(jose|oidc-provider)/' },
    },
    {
      name: 'neo4j-driver-lives-in-graph',
      severity: 'error',
      from: { pathNot: ['^src/graph/'] },
      to: { path: 'node_modules/neo4j-driver' },
    },
    {
      name: 'services-use-no-transport',
      comment: 'services are used by the API and the CLI; they know no HTTP, GraphQL or queue',
      severity: 'error',
      from: { path: '^src/services/' },
      to: {
        path: [
          '^src/api/',
          '^src/cli/',
          '^src/jobs/',
          'node_modules/(graphql|@apollo|type-graphql|bullmq|ioredis)',
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
