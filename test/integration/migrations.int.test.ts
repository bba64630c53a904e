import type { Executor } from '../../src/graph/executor';
import { loadMigrations, migrate } from '../../src/graph/migrations';
import { testExecutor } from '../support/neo4j-for-tests';

let executor: Executor;
beforeAll(async () => {
  executor = await testExecutor(); // migrates
});
afterAll(() => executor.close());

describe('migrations', () => {
  it('are numbered and each holds statements', () => {
    const migrations = loadMigrations();
    expect(migrations.map((m) => m.id)).toEqual([
      '001-constraints',
      '002-lookup-indexes',
      '003-derived-state',
      '004-first-order-index',
      '005-work-order-ids-index',
      '006-unit-work-order-index',
      '007-import-runs',
      '008-search-keys',
      '009-live-readings',
      '010-audit-trail',
      '011-api-keys',
    ]);
    for (const m of migrations) expect(m.statements.length).toBeGreaterThan(0);
    expect(migrations[0]?.statements.length).toBe(28);
  });

  it('applied again, apply nothing', async () => {
    expect(await migrate(executor)).toEqual([]);
  });

  it('refuse a migration whose text changed after it was applied', async () => {
    const [first, ...rest] = loadMigrations();
    const edited = { ...(first as NonNullable<typeof first>), checksum: 'edited' };
    await expect(migrate(executor, [edited, ...rest])).rejects.toThrow(
      /001-constraints was applied with other content/,
    );
  });
});
