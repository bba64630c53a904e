#!/usr/bin/env node
// Runs before `npm start` and `npm test`: on a fresh clone (or after package-lock.json changed)
// installs the exact locked packages first, so the README's two commands work as they stand.
// Plain CommonJS with no dependencies: it runs on whatever Node the machine has.
'use strict';
const { spawnSync } = require('node:child_process');
const { statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const mtime = (file) => {
  try {
    return statSync(join(root, file)).mtimeMs;
  } catch {
    return -1;
  }
};
const installed = mtime('node_modules/.package-lock.json');
if (installed >= 0 && installed >= mtime('package-lock.json')) process.exit(0);

process.stderr.write('threadgraph: installing the locked npm packages (npm ci) …\n');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
