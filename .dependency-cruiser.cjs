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
      to: { path: ['^src/services/', '^src/api/', '^src/cli\\.ts$', '^src/main\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
