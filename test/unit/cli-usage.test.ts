/**
 * The `threadgraph` command where it needs no database: help for every command, the version,
 * usage errors that say what is wrong and show the usage line, and generate into a new folder.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';

let output = '';
const env = { ...process.env };

beforeEach(() => {
  output = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env = { ...env };
});

async function usageError(argv: string[]): Promise<string> {
  try {
    await main(argv);
  } catch (e) {
    expect((e as Error).constructor.name).toBe('UsageError');
    return (e as Error).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('help', () => {
  it('every command listed in help has its own --help and -h, which exit 0', async () => {
    expect(await main(['help'])).toBe(0);
    const commands = [
      ...new Set([...output.matchAll(/^ {2}threadgraph ([a-z]+)/gm)].map((m) => m[1] as string)),
    ];
    expect(commands).toEqual([
      'start',
      'serve',
      'import',
      'worker',
      'collect',
      'jobs',
      'trace',
      'dhr',
      'impact',
      'health',
      'equipment',
      'search',
      'audit',
      'keys',
      'derive',
      'schema',
      'generate',
      'db',
      'simulate',
      'opcua',
    ]);
    for (const command of commands) {
      for (const flag of ['--help', '-h']) {
        output = '';
        expect(await main([command, flag])).toBe(0);
        expect(output).toMatch(new RegExp(`^usage: threadgraph ${command}\\b`));
        expect(output).toContain('  -h, --help');
      }
    }
  });

  it('--help anywhere among the arguments, and `help COMMAND`, print the same', async () => {
    expect(await main(['import', 'a.jsonl', '--help'])).toBe(0);
    const viaFlag = output;
    output = '';
    expect(await main(['help', 'import'])).toBe(0);
    expect(output).toBe(viaFlag);
    expect(output).toContain('  --json');
    expect(output).toContain('5 imported, but some lines were rejected');
  });

  it('help needs no configuration: it works while the environment is wrong', async () => {
    process.env.NEO4J_URI = 'http://not-bolt';
    expect(await main(['trace', '--help'])).toBe(0);
    await expect(main(['trace', 'SN-1'])).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('the general help lists the exit codes, 5 among them', async () => {
    expect(await main(['--help'])).toBe(0);
    expect(output).toContain('5 import: the files were imported, but some lines were rejected');
    expect(output).toContain('the worst outcome: 3, then 1, then 5, then 0');
  });

  it('--version and -V print the version of package.json', async () => {
    const { version } = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'),
    ) as { version: string };
    expect(await main(['--version'])).toBe(0);
    expect(output).toBe(`threadgraph ${version}\n`);
    output = '';
    expect(await main(['-V'])).toBe(0);
    expect(output).toBe(`threadgraph ${version}\n`);
  });
});

describe('usage errors: what is wrong, then the usage line', () => {
  it('a typo in an option', async () => {
    expect(await usageError(['import', '--fromat', 'canonical', 'a.jsonl'])).toBe(
      'threadgraph import: unknown option --fromat (did you mean --format?)\n' +
        'usage: threadgraph import [--format canonical|cloudevents|reqif|b2mml|qif|csv|catenax|opcua-nodeset] [--no-wait] [--json] FILE...\n' +
        '       threadgraph import --format csv --profile PROFILE [--site S] [--system N] [--timezone ZONE] FILE...\n' +
        '       threadgraph import [--site S] [--system N] [--timezone ZONE] [--material-source ERP|PLM] B2MML-OR-CATENAX-FILE...\n' +
        '       threadgraph import [--timezone ZONE] [--requirement-id identifier|foreign-id] REQIF-FILE...\n' +
        '       threadgraph import [--plan FILE] [--plan-revision R] [--timezone ZONE] QIF-FILE...\n' +
        '       threadgraph import [--site S] [--system N] [--id-from assetId|productInstanceUri|serialNumber] [--equipment-source OT|MES] NODESET2-XML...',
    );
  });

  it('a typo in a command', async () => {
    expect(await usageError(['improt', 'a.jsonl'])).toMatch(
      /^threadgraph: unknown command "improt" \(did you mean import\?\)\nusage: threadgraph COMMAND \[options\]; threadgraph help lists the commands/,
    );
    expect(await usageError(['--json'])).toMatch(
      /^threadgraph: unknown option --json: a command comes first\n/,
    );
  });

  it('bad values', async () => {
    expect(await usageError(['generate', '--units', 'ten'])).toBe(
      'threadgraph generate: --units must be a positive integer, not "ten"\n' +
        'usage: threadgraph generate --units N [--seed S] [--out FILE]',
    );
    expect(await usageError(['trace', '--backward', 'SN-1', '--depth', '99'])).toMatch(
      /^threadgraph trace: --depth must be an integer from 1 to 50, not "99"\nusage: threadgraph trace SERIAL \[--json\]\n {7}threadgraph trace --forward/,
    );
    expect(await usageError(['health', '--from', 'yesterday'])).toMatch(
      /^threadgraph health: --from must be an ISO-8601 time with a zone, e\.g\. 2026-03-01T00:00:00Z, not "yesterday"\nusage: threadgraph health/,
    );
    expect(await usageError(['search', 'SN', '--kind', 'Widget'])).toMatch(
      /^threadgraph search: --kind must be one of Unit, Lot, .*, not "Widget"\nusage: threadgraph search PREFIX/,
    );
    expect(await usageError(['jobs', 'show', 'imp-1'])).toMatch(
      /^threadgraph jobs: not an import job id: "imp-1"\nusage: threadgraph jobs /,
    );
    expect(await usageError(['jobs', 'retyr', 'imp-1'])).toMatch(
      /^threadgraph jobs: unknown action "retyr" \(did you mean retry\?\)/,
    );
    expect(await usageError(['db', 'stat'])).toMatch(
      /^threadgraph db: unknown action "stat" \(did you mean start\?\): one of start, stop, status, migrate\nusage: threadgraph db/,
    );
    expect(await usageError(['start', '--demo-units', '0'])).toBe(
      'threadgraph start: --demo-units must be a positive integer, not "0"\n' +
        'usage: threadgraph start [--demo-units N] [--no-plant]',
    );
  });

  it('something missing', async () => {
    expect(await usageError(['generate'])).toBe(
      'threadgraph generate: --units is required\n' +
        'usage: threadgraph generate --units N [--seed S] [--out FILE]',
    );
    expect(await usageError(['import'])).toMatch(/^threadgraph import: which files\?/);
    expect(await usageError(['impact'])).toMatch(/^threadgraph impact: which change order\?/);
  });
});

describe('generate --out', () => {
  it('makes the folder it is to write into', async () => {
    const out = join(
      mkdtempSync(join(tmpdir(), 'threadgraph-cli-')),
      'new',
      'deeper',
      'demo.jsonl',
    );
    expect(await main(['generate', '--units', '2', '--out', out])).toBe(0);
    const first = JSON.parse(readFileSync(out, 'utf8').split('\n')[0] as string) as {
      kind: string;
    };
    expect(first.kind).toBe('Site');
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('a folder named as the file is a usage error, not a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'threadgraph-cli-'));
    expect(await usageError(['generate', '--units', '2', '--out', dir])).toBe(
      `threadgraph generate: --out ${dir} is a folder: name a file in it\n` +
        'usage: threadgraph generate --units N [--seed S] [--out FILE]',
    );
  });

  it('a file it may not write is one line (INVALID_INPUT, exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'threadgraph-cli-'));
    const blocked = join(dir, 'plain-file');
    await main(['generate', '--units', '1', '--out', blocked]);
    // a path under a file: its folder cannot be made
    await expect(
      main(['generate', '--units', '1', '--out', join(blocked, 'demo.jsonl')]),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: `cannot write ${join(blocked, 'demo.jsonl')}: its folder ${blocked} cannot be made (a file is in the way)`,
    });
  });
});
