/**
 * The device history record of SN-0047 (the seed story) from the demo thread on the real Neo4j:
 * the document, its PDF read back as text, and `threadgraph dhr` writing PDF and CSV files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { dhrCommand } from '../../src/cli/commands/dhr';
import { loadConfig } from '../../src/config';
import { demoLines } from '../../src/demo/generate';
import type { Dhr } from '../../src/domain/dhr';
import type { EvidenceChain } from '../../src/domain/evidence';
import { renderDhrPdf } from '../../src/export/dhr-pdf';
import type { Executor } from '../../src/graph/executor';
import { createServices } from '../../src/main';
import { DhrService } from '../../src/services/dhr-service';
import { writeLines } from '../support/canonical';
import { clearGraph, testExecutor, testNeo4jEnv } from '../support/neo4j-for-tests';

const SCRIPT = join(__dirname, '..', 'support', 'pdf-text.mjs');
const dir = mkdtempSync(join(tmpdir(), 'threadgraph-dhr-'));

/** Each page's text, as pdfjs reads it (in its own process: pdfjs-dist is ESM only). */
function pdfPages(file: string): string[] {
  const out = spawnSync(process.execPath, [SCRIPT, file], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`pdf-text failed: ${out.stderr}`);
  return out.stdout.split('\f');
}

let executor: Executor;
let chain: EvidenceChain;
let dhr: Dhr;

beforeAll(async () => {
  executor = await testExecutor();
  await clearGraph();
  const services = createServices(executor);
  await services.imports.importCanonicalFile(writeLines([...demoLines({ units: 60, seed: 1 })]), {
    batchSize: 2000,
  });
  chain = (await services.evidence.chain('SN-0047')) as EvidenceChain;
  dhr = (await new DhrService(services.evidence).record('SN-0047')) as Dhr;
});
afterAll(async () => {
  await executor.close();
});

describe('the DHR of SN-0047', () => {
  it('tells the seed story: built to revision C, not complete, its three kinds of gap', () => {
    expect(chain).not.toBeNull();
    expect(dhr.header).toMatchObject({
      serialNumber: 'SN-0047',
      partNumber: 'PA-100',
      builtToRevision: 'C',
      complete: false,
      gapCount: chain.gaps.length,
    });
    const codes = new Set(chain.gaps.map((g) => g.code));
    expect(codes).toEqual(
      new Set(['BUILT_TO_SUPERSEDED_REVISION', 'DRAWING_NOT_CURRENT', 'PLAN_REVISION_NOT_CURRENT']),
    );
    const gaps = dhr.sections.find((s) => s.id === 'gaps');
    expect(gaps?.rows).toEqual(
      chain.gaps.map((g) => [g.code, g.record?.kind ?? null, g.ref, g.message]),
    );
    // ECO-0007's serial effectivity and the work order locked to C both say so
    expect(
      gaps?.rows.filter((r) => r[0] === 'BUILT_TO_SUPERSEDED_REVISION').map((r) => r[2]),
    ).toEqual(expect.arrayContaining(['ECO-0007', 'WO-PA-00005']));
  });

  it('has the same hash when made again later', async () => {
    const later = await new DhrService(createServices(executor).evidence, {
      now: () => new Date('2030-01-01T00:00:00Z'),
    }).record('SN-0047');
    expect(later?.header.generatedAt).toBe('2030-01-01T00:00:00Z');
    expect(later?.contentHash).toBe(dhr.contentHash);
  });

  it('prints as a PDF whose text holds the serial, the revision, every gap, the hash and page numbers', async () => {
    const file = join(dir, 'SN-0047.pdf');
    writeFileSync(file, await renderDhrPdf(dhr));
    const pages = pdfPages(file);
    const n = pages.length;
    const first = pages[0] as string;
    expect(first).toContain('Device History Record');
    expect(first).toContain('SN-0047');
    expect(first).toMatch(/Built-to revision\s*C\b/);
    expect(first).toContain(dhr.contentHash);
    expect(first).toContain(`INCOMPLETE: ${chain.gaps.length} gaps in the evidence chain`);
    expect(first).toContain(`page 1 of ${n}`);
    pages.forEach((text, i) => expect(text).toContain(`page ${i + 1} of ${n}`));
    const all = pages.join('\n');
    for (const g of chain.gaps) {
      expect(all).toContain(g.code);
      if (g.ref) expect(all).toContain(g.ref);
    }
    // every section, in order
    const at = [
      '1. Gaps',
      '2. Revision and drawing currency',
      '3. Requirements',
      '4. Operations',
      '5. Inspections',
      '6. Nonconformances and CAPA',
      '7. Components',
      '8. Shipments',
    ].map((title) => all.indexOf(title));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const o of chain.operations) expect(all).toContain(o.id);
  });
});

describe('threadgraph dhr', () => {
  let env: NodeJS.ProcessEnv;
  const logger = pino({ level: 'silent' });
  beforeAll(() => {
    env = { ...process.env };
    Object.assign(process.env, testNeo4jEnv());
    process.env.LOG_LEVEL = 'silent';
  });
  afterAll(() => {
    process.env = env;
  });
  afterEach(() => jest.restoreAllMocks());

  it('writes the PDF and the CSV, making the missing folder', async () => {
    let output = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output += String(chunk);
      return true;
    });
    const pdf = join(dir, 'out', 'new', 'SN-0047.pdf');
    const csv = join(dir, 'out', 'SN-0047.csv');
    const code = await dhrCommand(['SN-0047', '--pdf', pdf, '--csv', csv], loadConfig(), logger);
    expect(code).toBe(0);
    expect(output).toContain(
      `DHR of SN-0047 (incomplete, ${chain.gaps.length} gaps; content hash `,
    );
    expect(output).toContain(pdf);
    expect(output).toContain(csv);

    const pages = pdfPages(pdf);
    expect(pages[0]).toContain('SN-0047');
    expect(pages[0]).toContain(`page 1 of ${pages.length}`);
    const hash = /Content hash \(SHA-256\)\s*([0-9a-f]{64})/.exec(pages[0] as string)?.[1];
    // the same evidence, so the same hash as the record made above
    expect(hash).toBe(dhr.contentHash);

    const text = readFileSync(csv, 'utf8');
    expect(text.startsWith('dhr,field,format,threadgraph-dhr/1')).toBe(true);
    expect(text).toContain('dhr,field,serialNumber,SN-0047');
    expect(text).toContain('dhr,field,builtToRevision,C');
    expect(text).toContain(`dhr,field,contentHash,${dhr.contentHash}`);
    for (const g of chain.gaps) {
      expect(text).toContain(`gaps,row,${g.code},${g.record?.kind ?? ''},${g.ref ?? ''},`);
    }
  });

  it('writes the JSON to stdout with -', async () => {
    let output = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output += String(chunk);
      return true;
    });
    expect(await dhrCommand(['SN-0047', '--json', '-'], loadConfig(), logger)).toBe(0);
    const printed = JSON.parse(output) as Dhr;
    expect(printed.contentHash).toBe(dhr.contentHash);
    expect(printed.sections.map((s) => s.id)).toEqual(dhr.sections.map((s) => s.id));
  });

  it('is NOT_FOUND (exit 2) for an unknown serial, and writes nothing', async () => {
    const pdf = join(dir, 'unknown', 'SN-404404.pdf');
    await expect(
      dhrCommand(['SN-404404', '--pdf', pdf], loadConfig(), logger),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(existsSync(pdf)).toBe(false);
  });

  it('finds the serial typed in another case, as trace does', async () => {
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const json = join(dir, 'lower.json');
    expect(await dhrCommand(['sn-0047', '--json', json], loadConfig(), logger)).toBe(0);
    const written = JSON.parse(readFileSync(json, 'utf8')) as Dhr;
    expect(written.header.serialNumber).toBe('SN-0047');
    expect(written.contentHash).toBe(dhr.contentHash);
  });

  it('asks for a serial and at least one output, and one stdout at most', async () => {
    await expect(dhrCommand(['--pdf', 'x.pdf'], loadConfig(), logger)).rejects.toThrow(
      /which serial number/,
    );
    await expect(dhrCommand(['SN-0047'], loadConfig(), logger)).rejects.toThrow(
      /at least one of --pdf FILE, --csv FILE, --json FILE/,
    );
    await expect(
      dhrCommand(['SN-0047', '--csv', '-', '--json', '-'], loadConfig(), logger),
    ).rejects.toThrow(/only one of --pdf, --csv, --json can be -/);
  });
});
