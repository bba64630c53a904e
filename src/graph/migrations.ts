/**
 * Numbered, idempotent schema migrations from graph-schema/migrations, applied in order at
 * start-up and by `threadgraph db migrate`. An applied migration whose text later changed is
 * refused: the database would no longer match what the file says it has.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ThreadgraphError } from '../domain/errors';
import { PACKAGE_ROOT } from '../paths';
import type { Executor } from './executor';

export const MIGRATIONS_DIR = join(PACKAGE_ROOT, 'graph-schema', 'migrations');

export interface Migration {
  readonly id: string;
  readonly checksum: string;
  readonly statements: readonly string[];
}

export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}-[a-z0-9-]+\.cypher$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const statements = text
        .split('\n')
        .filter((line) => !line.trim().startsWith('//'))
        .join('\n')
        .split(/;\s*(?:\n|$)/)
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      return {
        id: file.replace(/\.cypher$/, ''),
        checksum: createHash('sha256').update(text).digest('hex'),
        statements,
      };
    });
}

/** Applies what is not yet applied; returns the ids applied now. */
export async function migrate(
  executor: Executor,
  migrations = loadMigrations(),
): Promise<string[]> {
  const applied = new Map(
    (
      await executor.read('migrate', (q) =>
        q.run<{ id: string; checksum: string }>('admin/read-migrations'),
      )
    ).map((m) => [m.id, m.checksum]),
  );
  const done: string[] = [];
  for (const m of migrations) {
    const checksum = applied.get(m.id);
    if (checksum === m.checksum) continue;
    if (checksum !== undefined) {
      throw new ThreadgraphError(
        'INTERNAL',
        `migration ${m.id} was applied with other content; add a new migration instead of editing it`,
      );
    }
    for (const statement of m.statements) await executor.runSchema(statement);
    await executor.write('migrate', (q) =>
      q.run('admin/record-migration', { id: m.id, checksum: m.checksum }),
    );
    done.push(m.id);
  }
  await executor.read('migrate', (q) => q.run('admin/await-indexes'));
  return done;
}
