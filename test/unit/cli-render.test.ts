/** Text for people: help, lists that say they were cut, and why a health rate is 0 %. */
import type { CommandHelp } from '../../src/cli/args';
import { renderCommandHelp, renderHelp, renderUsage } from '../../src/cli/render/help-text';
import { renderJobList } from '../../src/cli/render/import-text';
import {
  healthNotes,
  renderBackwardTrace,
  renderSearch,
} from '../../src/cli/render/questions-text';
import type { ImportJob } from '../../src/services/import-jobs';
import type { ThreadHealth } from '../../src/services/health-service';

const help: CommandHelp = {
  usage: ['threadgraph thing [--fast] FILE'],
  summary: 'does the thing',
  description: 'Does the thing to FILE.',
  options: [['--fast', 'quickly']],
};

describe('help', () => {
  it("a command's help: usage, description, options with -h", () => {
    expect(renderCommandHelp(help)).toBe(
      'usage: threadgraph thing [--fast] FILE\n' +
        '\n' +
        'Does the thing to FILE.\n' +
        '\n' +
        'Options:\n' +
        '  --fast      quickly\n' +
        '  -h, --help  this help\n',
    );
  });

  it('usage lines after the first are indented under it', () => {
    expect(renderUsage({ usage: ['threadgraph a X', 'threadgraph a --b Y'], summary: '' })).toBe(
      'usage: threadgraph a X\n       threadgraph a --b Y',
    );
  });

  it('the list of commands: a short usage has its summary beside it, a long one below', () => {
    const long: CommandHelp = {
      usage: ['threadgraph other --with many options [--and more] FILE...'],
      summary: 'does another thing',
    };
    const text = renderHelp([help, long], 'footer\n');
    expect(text).toContain(
      `\n  threadgraph thing [--fast] FILE${' '.repeat(6)}does the thing\n` +
        `  threadgraph other --with many options [--and more] FILE...\n${' '.repeat(39)}does another thing\n\nfooter\n`,
    );
  });
});

function job(n: number): ImportJob {
  return {
    id: `imp-${String(n).padStart(24, '0')}`,
    state: 'COMPLETED',
    input: {
      file: `/x/${n}.jsonl`,
      label: `${n}.jsonl`,
      format: 'canonical',
      origin: 'path',
      fileHash: 'f'.repeat(64),
      fileSize: 10,
      totalLines: 1,
    },
    run: 1,
    submittedAt: '2026-03-01T10:00:00.000000000Z',
    attemptsMade: 1,
    attemptsMax: 8,
    cancelRequested: false,
  };
}

describe('lists that are cut say so, and how to get the rest', () => {
  it('jobs: the first page, and a later one', () => {
    const first = renderJobList([job(1), job(2)], { hasMore: true, offset: 0, limit: 2 });
    expect(first.split('\n').at(-1)).toBe(
      '… 2 shown, more follow: --limit 8, or --offset 2 for the next 2',
    );
    const later = renderJobList([job(3), job(4)], { hasMore: true, offset: 2, limit: 2 });
    expect(later.split('\n').at(-1)).toBe(
      '… 2 shown (3 to 4), more follow: --offset 4 for the next 2',
    );
    const last = renderJobList([job(5)], { hasMore: false, offset: 4, limit: 2 });
    expect(last.split('\n')).toHaveLength(1);
    expect(renderJobList([], { hasMore: false, offset: 4, limit: 2 })).toBe(
      'no import jobs after the first 4',
    );
  });

  it('search: the note follows the hits', () => {
    const hit = {
      kind: 'Unit',
      key: 'SN-1',
      partNumber: 'PA-100',
      status: 'SHIPPED',
      placeholder: false,
    };
    expect(renderSearch('sn-', [hit], '… 1 shown, more')).toBe(
      'Unit            SN-1  PA-100  SHIPPED\n… 1 shown, more',
    );
    expect(renderSearch('zz', [])).toBe('nothing starts with zz (in any case)');
  });

  it('an as-built tree cut at the depth asked for says how to go deeper', () => {
    const tree = {
      root: 'SN-1',
      found: true,
      nodes: [
        {
          kind: 'SERIAL' as const,
          id: 'SN-2',
          partNumber: null,
          status: null,
          placeholder: false,
          depth: 1,
          parentId: 'SN-1',
        },
      ],
      truncated: true,
      cycles: [],
    };
    expect(renderBackwardTrace(tree, 1, 50)).toBe(
      'SN-1: 1 consumption in its as-built tree\n  └─ SN-2\n  … cut at --depth 1: --depth 50 goes deeper',
    );
  });
});

function health(counts: Partial<ThreadHealth>): ThreadHealth {
  return {
    site: null,
    from: null,
    to: null,
    operations: 0,
    escapedOperations: 0,
    nonconformances: 0,
    structuredNonconformances: 0,
    shippedUnits: 0,
    completeShippedUnits: 0,
    revisionEscapeRate: 0,
    structuredNcrRate: 0,
    evidenceCompleteness: 0,
    bySite: [],
    releaseToFloor: { revisions: [], medianHours: null, maxHours: null },
    pmiss: 0,
    brokenBoundaryCost: () => {
      throw new Error('not used');
    },
    ...counts,
  };
}

describe('healthNotes: why a rate is 0 %', () => {
  it('a site with no records at all names the known sites', () => {
    expect(healthNotes(health({ site: 'PLANT-X' }), ['PLANT-A', 'PLANT-B'])).toEqual([
      'no operations, nonconformances or shipped units are recorded at site PLANT-X, so every ' +
        'rate is 0 %; known sites: PLANT-A, PLANT-B',
    ]);
  });

  it('a known site in a window with nothing in it: each rate, with the window', () => {
    const h = health({ site: 'PLANT-A', from: '2030-01-01T00:00:00.000000000Z' });
    expect(healthNotes(h, ['PLANT-A', 'PLANT-B'])).toEqual([
      'no operations recorded at site PLANT-A from 2030-01-01T00:00:00Z to now: the escape rate is 0 % for want of operations',
      'no nonconformances recorded at site PLANT-A from 2030-01-01T00:00:00Z to now: the structured NCR rate is 0 % for want of NCRs',
      'no units shipped at site PLANT-A from 2030-01-01T00:00:00Z to now: complete evidence is 0 % for want of shipped units',
    ]);
  });

  it('only the rates with nothing to count get a note', () => {
    const h = health({
      operations: 10,
      escapedOperations: 1,
      revisionEscapeRate: 0.1,
      nonconformances: 2,
    });
    expect(healthNotes(h)).toEqual([
      'no units shipped: complete evidence is 0 % for want of shipped units',
    ]);
  });

  it('an empty graph says to import records', () => {
    expect(healthNotes(health({}), [])).toEqual([
      'the graph holds no operations, nonconformances or shipped units yet, so every rate is 0 %: import some records',
    ]);
  });
});
