import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The checkout or installed package this code runs from: the nearest folder above this file with
 * a package.json. Source (src/) and build (dist/src/) sit at different depths, so it is searched.
 */
export const PACKAGE_ROOT = findRoot(__dirname);

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}
