#!/usr/bin/env node
'use strict';
// The `threadgraph` command: runs the build in dist/ (npm install builds it; so does npm run build).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'dist', 'src', 'cli', 'index.js');
if (!existsSync(cli)) {
  process.stderr.write(
    'threadgraph is not built yet: run `npm run build` in ' + join(__dirname, '..') + '\n',
  );
  process.exit(1);
}
require(cli).run(process.argv.slice(2));
