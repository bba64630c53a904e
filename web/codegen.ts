// The typed GraphQL client of the app, generated from the schema the server commits
// (src/api/schema.graphql) and the operations written in web/src: `npm run build:web` runs it.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'src/api/schema.graphql',
  documents: ['web/src/**/*.tsx', 'web/src/**/*.ts', '!web/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', Upload: 'File' },
        skipTypename: true,
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
