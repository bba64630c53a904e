/**
 * Recall scope and as-built trees on a hand-built genealogy: a raw-material lot inside component
 * serials inside sub-assemblies inside top-level units, a lot inside a lot, and two cycles of bad
 * consumption data.
 *
 *   L-RAW ─┬─> C-1 ─> S-1 ─> T-1 (shipped in SH-1 to Acme)
 *          ├─> C-2 ─> S-2 ─> T-2
 *          ├─> T-3
 *          └─> L-MIX ─> T-5            (arrows: "is consumed into")
 *   X-1 <-> X-2;  X-3 -> X-4 -> X-5 -> X-3
 */
import { recordId } from '../../src/domain/canonical';
import type { Executor } from '../../src/graph/executor';
import { readContainingSerials } from '../../src/graph/genealogy';
import type { Services } from '../../src/main';
import { createServices } from '../../src/main';
import { line, writeLines } from '../support/canonical';
import { migrate } from '../../src/graph/migrations';
import {
  clearGraph,
  forgetMigration,
  runInTestGraph,
  testExecutor,
} from '../support/neo4j-for-tests';

let executor: Executor;
let services: Services;

const consumed = (child: string, parent: string) => {
  const c = child.startsWith('L-') ? { childLotNumber: child } : { childSerialNumber: child };
  const p = parent.startsWith('L-') ? { parentLotNumber: parent } : { parentSerialNumber: parent };
  return line('Consumption', { ...p, ...c, quantity: 1 });
};
const unit = (serialNumber: string, partNumber: string, status = 'COMPLETE') =>
  line('Unit', { serialNumber, partNumber, status });

beforeAll(async () => {
  executor = await testExecutor();
  services = createServices(executor);
  await clearGraph();
  await services.imports.importCanonicalFile(
    writeLines([
      line('Lot', { lotNumber: 'L-RAW', partNumber: 'AL' }),
      line('Lot', { lotNumber: 'L-MIX', partNumber: 'MIX' }),
      unit('C-1', 'C'),
      unit('C-2', 'C'),
      unit('S-1', 'S'),
      unit('S-2', 'S'),
      unit('T-1', 'T', 'SHIPPED'),
      unit('T-2', 'T'),
      unit('T-3', 'T'),
      unit('T-5', 'T', 'IN_PROCESS'),
      consumed('L-RAW', 'C-1'),
      consumed('L-RAW', 'C-2'),
      consumed('L-RAW', 'T-3'),
      consumed('L-RAW', 'L-MIX'),
      consumed('L-MIX', 'T-5'),
      consumed('C-1', 'S-1'),
      consumed('C-2', 'S-2'),
      consumed('S-1', 'T-1'),
      consumed('S-2', 'T-2'),
      line('Shipment', {
        id: 'SH-1',
        shippedAt: '2026-05-01T00:00:00Z',
        customer: 'Acme',
        serialNumbers: ['T-1'],
      }),
      unit('X-1', 'X'),
      unit('X-2', 'X'),
      consumed('X-1', 'X-2'),
      consumed('X-2', 'X-1'),
      consumed('X-3', 'X-4'),
      consumed('X-4', 'X-5'),
      consumed('X-5', 'X-3'),
    ]),
    { batchSize: 7 },
  );
});
afterAll(() => executor.close());

describe('traceForward', () => {
  it('finds every unit that contains the lot, at any depth, nearest first', async () => {
    const trace = await services.trace.forward({ lotNumber: 'L-RAW' }, 100, null);
    expect(trace.found).toBe(true);
    expect(trace.totalCount).toBe(8);
    expect(trace.nodes.map((u) => [u.serialNumber, u.depth])).toEqual([
      ['C-1', 1],
      ['C-2', 1],
      ['T-3', 1],
      ['S-1', 2],
      ['S-2', 2],
      ['T-5', 2], // through the lot L-MIX
      ['T-1', 3],
      ['T-2', 3],
    ]);
    expect(trace.nodes.find((u) => u.serialNumber === 'T-1')).toMatchObject({
      partNumber: 'T',
      status: 'SHIPPED',
      shipmentId: 'SH-1',
      customer: 'Acme',
    });
    expect(trace.shippedCount).toBe(1);
  });

  it('pages with a cursor, the pages adding up to the whole', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await services.trace.forward({ lotNumber: 'L-RAW' }, 3, after);
      seen.push(...page.nodes.map((u) => u.serialNumber));
      pages += 1;
      expect(page.totalCount).toBe(8);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['C-1', 'C-2', 'T-3', 'S-1', 'S-2', 'T-5', 'T-1', 'T-2']);
  });

  it('pages one listing from the walk its first page made; a new listing walks again', async () => {
    const intoQ = (serialNumber: string) => [
      unit(serialNumber, 'Q'),
      line('Consumption', {
        parentSerialNumber: serialNumber,
        childLotNumber: 'Q-LOT',
        quantity: 1,
      }),
    ];
    await services.imports.importCanonicalFile(
      writeLines([
        line('Lot', { lotNumber: 'Q-LOT', partNumber: 'Q' }),
        ...['Q-2', 'Q-3', 'Q-4'].flatMap(intoQ),
      ]),
      { batchSize: 100 },
    );
    const first = await services.trace.forward({ lotNumber: 'Q-LOT' }, 2, null);
    expect(first.nodes.map((u) => u.serialNumber)).toEqual(['Q-2', 'Q-3']);
    // Q-1 consumes the lot between the two pages: it would sort first
    await services.imports.importCanonicalFile(writeLines(intoQ('Q-1')), { batchSize: 100 });
    const second = await services.trace.forward(
      { lotNumber: 'Q-LOT' },
      2,
      first.pageInfo.endCursor,
    );
    expect(second.nodes.map((u) => u.serialNumber)).toEqual(['Q-4']);
    expect(second.totalCount).toBe(3);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const again = await services.trace.forward({ lotNumber: 'Q-LOT' }, 2, null);
    expect(again.totalCount).toBe(4);
    expect(again.nodes.map((u) => u.serialNumber)).toEqual(['Q-1', 'Q-2']);
  });

  it('takes a cursor of the earlier kind (the unit alone), walking again', async () => {
    const after = Buffer.from(JSON.stringify(['Unit', 'S-2']), 'utf8').toString('base64url');
    const page = await services.trace.forward({ lotNumber: 'L-RAW' }, 2, after);
    expect(page.nodes.map((u) => u.serialNumber)).toEqual(['T-5', 'T-1']);
  });

  it('refuses a cursor of another listing instead of starting over', async () => {
    const other = await services.trace.forward({ serialNumber: 'C-1' }, 1, null);
    await expect(
      services.trace.forward({ lotNumber: 'L-MIX' }, 1, other.pageInfo.endCursor),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const notIn = Buffer.from(JSON.stringify(['Unit', 'X-1']), 'utf8').toString('base64url');
    await expect(services.trace.forward({ lotNumber: 'L-RAW' }, 1, notIn)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('traces a component serial up to the top', async () => {
    const trace = await services.trace.forward({ serialNumber: 'C-1' }, 100, null);
    expect(trace.nodes.map((u) => [u.serialNumber, u.depth])).toEqual([
      ['S-1', 1],
      ['T-1', 2],
    ]);
  });

  it('ends on cycles in the consumption data', async () => {
    const trace = await services.trace.forward({ serialNumber: 'X-3' }, 100, null);
    expect(trace.nodes.map((u) => [u.serialNumber, u.depth])).toEqual([
      ['X-4', 1],
      ['X-5', 2],
    ]);
  });

  it('answers an unknown lot with nothing, and says so', async () => {
    const trace = await services.trace.forward({ lotNumber: 'L-NOPE' }, 100, null);
    expect(trace).toMatchObject({ found: false, totalCount: 0, nodes: [] });
  });

  it('wants exactly one of lot and serial', async () => {
    await expect(services.trace.forward({}, 10, null)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(
      services.trace.forward({ lotNumber: 'L-RAW', serialNumber: 'T-1' }, 10, null),
    ).rejects.toThrow(/exactly one/);
  });
});

describe('what derive judges again when records change (many starts together)', () => {
  const reach = (...starts: string[]) =>
    executor.read('test', (q) => readContainingSerials(q, starts));

  it('every unit above the starts, lots passed through but not listed, each once', async () => {
    expect((await reach(recordId('Lot', { lotNumber: 'L-RAW' }))).sort()).toEqual([
      'C-1',
      'C-2',
      'S-1',
      'S-2',
      'T-1',
      'T-2',
      'T-3',
      'T-5',
    ]);
    // two starts on one path: S-1 and T-1 reached once
    const both = await reach(
      recordId('Unit', { serialNumber: 'C-1' }),
      recordId('Unit', { serialNumber: 'C-2' }),
    );
    expect(both.sort()).toEqual(['S-1', 'S-2', 'T-1', 'T-2']);
  });

  it('ends on cycles, the starts never listed', async () => {
    expect(await reach(recordId('Unit', { serialNumber: 'X-1' }))).toEqual(['X-2']);
    expect((await reach(recordId('Unit', { serialNumber: 'X-3' }))).sort()).toEqual(['X-4', 'X-5']);
    expect(await reach(recordId('Unit', { serialNumber: 'T-1' }))).toEqual([]);
  });
});

describe('traceBackward', () => {
  it('gives the as-built tree of a unit', async () => {
    const tree = await services.trace.backward({ serialNumber: 'T-1' }, 50);
    expect(tree.nodes.map((n) => [n.kind, n.id, n.depth, n.parentId])).toEqual([
      ['SERIAL', 'S-1', 1, 'T-1'],
      ['SERIAL', 'C-1', 2, 'S-1'],
      ['LOT', 'L-RAW', 3, 'C-1'],
    ]);
    // each record's own part and status (a lot has none) come with the walk
    expect(tree.nodes.map((n) => [n.id, n.partNumber, n.status, n.placeholder])).toEqual([
      ['S-1', 'S', 'COMPLETE', false],
      ['C-1', 'C', 'COMPLETE', false],
      ['L-RAW', 'AL', null, false],
    ]);
    expect(tree).toMatchObject({ found: true, truncated: false, cycles: [] });
  });

  it('stops at the depth bound and says so', async () => {
    const tree = await services.trace.backward({ serialNumber: 'T-1' }, 2);
    expect(tree.nodes.map((n) => n.id)).toEqual(['S-1', 'C-1']);
    expect(tree.truncated).toBe(true);
  });

  it('reports the cycles instead of hanging', async () => {
    const two = await services.trace.backward({ serialNumber: 'X-2' }, 50);
    expect(two.nodes.map((n) => [n.id, n.depth])).toEqual([['X-1', 1]]);
    expect(two.cycles).toEqual([{ parentId: 'X-1', childId: 'X-2' }]);
    const three = await services.trace.backward({ serialNumber: 'X-4' }, 50);
    expect(three.nodes.map((n) => [n.id, n.depth])).toEqual([
      ['X-3', 1],
      ['X-5', 2],
    ]);
    expect(three.cycles).toEqual([{ parentId: 'X-5', childId: 'X-4' }]);
    // the evidence chain of a unit in a cycle ends too
    const chain = await services.evidence.chain('X-1');
    expect(chain?.components.map((c) => c.id)).toEqual(['X-2']);
  });
});

describe('search', () => {
  it('finds records by the beginning of their number, in natural order', async () => {
    const hits = await services.trace.search('T-', ['Unit'], 20);
    expect(hits.map((h) => h.key)).toEqual(['T-1', 'T-2', 'T-3', 'T-5']);
    const lots = await services.trace.search('L-', undefined, 20);
    expect(lots.map((h) => `${h.kind} ${h.key}`)).toEqual(['Lot L-MIX', 'Lot L-RAW']);
  });

  it('ignores case, as a person types the number', async () => {
    const hits = await services.trace.search('t-', ['Unit'], 20);
    expect(hits.map((h) => h.key)).toEqual(['T-1', 'T-2', 'T-3', 'T-5']);
    expect((await services.trace.search('l-mi', undefined, 20)).map((h) => h.key)).toEqual([
      'L-MIX',
    ]);
  });

  it('finds records imported before search keys were kept, once migration 008 ran', async () => {
    await runInTestGraph('MATCH (n:Unit) REMOVE n.searchKey');
    expect(await services.trace.search('t-', ['Unit'], 20)).toEqual([]);
    await forgetMigration('008-search-keys');
    await migrate(executor);
    expect((await services.trace.search('t-', ['Unit'], 20)).map((h) => h.key)).toEqual([
      'T-1',
      'T-2',
      'T-3',
      'T-5',
    ]);
  });

  it('refuses an empty prefix and unknown kinds', async () => {
    await expect(services.trace.search(' ', undefined, 5)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(services.trace.search('T', ['Reading'], 5)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
