/**
 * `threadgraph audit verify|export|trail`: the audit trail (issue 13). `audit` alone is the data
 * ownership audit (questions.ts), which hands these subcommands here.
 */
import { once } from 'node:events';
import { createWriteStream, openSync, rmSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { AuditTrail, verifyTrailFile } from '../../services/audit-trail-service';
import type { ChainHead, TrailVerdict } from '../../services/audit-trail-service';
import { MAX_PAGE_SIZE } from '../../services/governance-service';
import { closest, parse, positive, print, UsageError } from '../args';
import { EXIT } from '../exit-codes';
import { renderTrail, renderTrailVerdict } from '../render/audit-trail-text';
import { withServices } from './with-services';

export const AUDIT_TRAIL_SUBCOMMANDS = ['verify', 'export', 'trail'] as const;
type Subcommand = (typeof AUDIT_TRAIL_SUBCOMMANDS)[number];

export const TRAIL_FIRST_DEFAULT = 20;

/** The subcommand `args` starts with: undefined for the ownership audit (options only). */
export function auditSubcommand(args: readonly string[]): Subcommand | undefined {
  const [first] = args;
  if (first === undefined || first.startsWith('-')) return undefined;
  const known = AUDIT_TRAIL_SUBCOMMANDS.find((s) => s === first);
  if (known !== undefined) return known;
  const near = closest(first, AUDIT_TRAIL_SUBCOMMANDS);
  throw new UsageError(
    `unknown subcommand ${JSON.stringify(first)}${near ? ` (did you mean ${near}?)` : ''}: ` +
      `${AUDIT_TRAIL_SUBCOMMANDS.join(', ')}, or none for the ownership audit`,
  );
}

export function auditTrailCommand(
  subcommand: Subcommand,
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  switch (subcommand) {
    case 'verify':
      return verify(args, config, logger);
    case 'export':
      return exportTrail(args, config, logger);
    case 'trail':
      return trail(args, config, logger);
  }
}

/** Exit status of a verdict: 6 when anything is wrong, so a scheduled check can alert on it. */
function verdictExit(v: TrailVerdict): number {
  return v.ok ? EXIT.DONE : EXIT.NOT_INTACT;
}

async function verify(args: string[], config: Config, logger: Logger): Promise<number> {
  const { values } = parse(args, {
    file: { type: 'string' },
    noted: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const file = values.file;
  const noted = values.noted === undefined ? null : notedHead(values.noted);
  // a copy is verified on its own: no database needed, so it can be done anywhere it was taken
  const verdict =
    file !== undefined
      ? await verifyTrailFile(file, noted)
      : await withServices(config, logger, (s) => new AuditTrail(s.executor).verify(noted));
  print(values.json, verdict, () =>
    renderTrailVerdict(verdict, file !== undefined ? `the copy ${file}` : 'the audit trail'),
  );
  return verdictExit(verdict);
}

/** `--noted SEQ:HASH`, as `audit verify` printed the head at an earlier audit. */
function notedHead(text: string): ChainHead {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim().toLowerCase());
  const seq = Number(match?.[1]);
  if (match === null || !Number.isSafeInteger(seq)) {
    throw new UsageError(
      `--noted must be SEQ:HASH, an event number and its 64 hex digits (1234:9f86d0…), not ${JSON.stringify(text)}`,
    );
  }
  return { seq, hash: match[2] as string };
}

async function exportTrail(args: string[], config: Config, logger: Logger): Promise<number> {
  const { values } = parse(args, { out: { type: 'string' } });
  const path = values.out;
  if (path === undefined) throw new UsageError('--out FILE: where to write the copy');
  let fd: number;
  try {
    // 'wx': a copy an auditor keeps is never written over, not even by a later export
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'EEXIST'
        ? `${path} exists: an export never writes over a file; name a new one`
        : `cannot write ${path}: ${(e as Error).message}`,
    );
  }
  const out = createWriteStream(path, { fd });
  let verdict: TrailVerdict;
  try {
    verdict = await withServices(config, logger, (s) => new AuditTrail(s.executor).exportTo(out));
    out.end();
    await once(out, 'finish');
  } catch (e) {
    // half a copy would pass for a cut one: none is better
    out.destroy(); // closes the file
    rmSync(path, { force: true });
    throw e;
  }
  const head = verdict.recordedHead;
  process.stdout.write(
    `wrote ${verdict.count} event${verdict.count === 1 ? '' : 's'} and ` +
      `${head ? `the head (event ${head.seq}, sha256 ${head.hash})` : 'no head (none is recorded)'} to ${path}\n`,
  );
  if (!verdict.ok) {
    process.stdout.write(`${renderTrailVerdict(verdict, 'the audit trail copied')}\n`);
  }
  return verdictExit(verdict);
}

async function trail(args: string[], config: Config, logger: Logger): Promise<number> {
  const { values } = parse(args, {
    first: { type: 'string', default: String(TRAIL_FIRST_DEFAULT) },
    action: { type: 'string' },
    actor: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const first = positive(values.first, '--first', MAX_PAGE_SIZE);
  return withServices(config, logger, async (s) => {
    const page = await new AuditTrail(s.executor).page(first, null, {
      actionPrefix: values.action ?? null,
      actor: values.actor ?? null,
    });
    print(values.json, page.nodes, () => renderTrail(page.nodes, page.pageInfo.hasNextPage));
    return EXIT.DONE;
  });
}
