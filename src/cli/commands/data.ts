/** Data housekeeping: `generate` the demo thread, `derive` every unit's derived state again. */
import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { demoLines } from '../../demo/generate';
import { writeLines } from '../../demo/write-lines';
import { ThreadgraphError } from '../../domain/errors';
import type { Executor } from '../../graph/executor';
import { DeriveService } from '../../services/derive-service';
import type { CommandHelp } from '../args';
import { nonNegative, parse, positive, print, UsageError } from '../args';
import { Progress } from '../progress';
import { withServices } from './with-services';

export const deriveHelp: CommandHelp = {
  usage: ['threadgraph derive [--json]'],
  summary: "work out every unit's derived state and the daily counts again",
  description:
    "Works out every unit's derived state (gaps, complete evidence, escapes) and the daily " +
    'thread-health counts again, from the records (each import does it for what it changes). ' +
    'Progress goes to stderr.',
  options: [['--json', 'the figures as JSON: units, days, durationMs']],
};

export const generateHelp: CommandHelp = {
  usage: ['threadgraph generate --units N [--seed S] [--out FILE]'],
  summary: 'write the demo thread as canonical JSON Lines',
  description:
    'Writes the demo thread — deterministic, any size — as canonical JSON Lines, to stdout or ' +
    'to a file (written whole or not at all; its folder is made if missing).',
  options: [
    ['--units N', 'units to build (required)'],
    ['--seed S', 'the seed (default 1): the same seed writes the same file'],
    ['--out FILE', 'write to FILE instead of stdout'],
  ],
};

/** How often derive's progress is redrawn (elsewhere than a terminal, a line every 10 s at most). */
const TICK_MS = 1000;

export async function deriveCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const { values } = parse(args, { json: { type: 'boolean', default: false } });
  return withServices(config, logger, async (s) => {
    const progress = new Progress();
    const derive = new ReportingDerive(s.executor, progress);
    derive.show();
    const timer = setInterval(() => derive.show(), TICK_MS);
    const summary = await derive.all().finally(() => {
      clearInterval(timer);
      progress.done();
    });
    print(
      values.json,
      summary,
      () =>
        `derived ${summary.units} units and ${summary.days} days in ${(summary.durationMs / 1000).toFixed(1)} s`,
    );
    return 0;
  });
}

/**
 * The derive service, saying how far it got: `all()` derives the units a page at a time through
 * deriveUnits, then recounts the days through recountDays — both public steps, watched here.
 */
class ReportingDerive extends DeriveService {
  private units = 0;
  private days: number | undefined;
  private readonly started = Date.now();

  constructor(
    executor: Executor,
    private readonly progress: Progress,
  ) {
    super(executor);
  }

  override async deriveUnits(serials: readonly string[], days: Set<string>): Promise<void> {
    await super.deriveUnits(serials, days);
    this.units += serials.length;
    this.show();
  }

  override async recountDays(days: ReadonlySet<string>): Promise<void> {
    this.days = days.size;
    this.show();
    await super.recountDays(days);
  }

  show(): void {
    const seconds = Math.round((Date.now() - this.started) / 1000);
    if (this.days === undefined) {
      this.progress.update(
        'units',
        `deriving: ${this.units} units worked out so far (${seconds} s)`,
      );
    } else {
      this.progress.update(
        'days',
        `deriving: ${this.units} units worked out; recounting ${this.days} days of thread health (${seconds} s)`,
      );
    }
  }
}

export async function generateCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    units: { type: 'string' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
  });
  if (values.units === undefined) throw new UsageError('--units is required');
  const options = {
    units: positive(values.units, '--units'),
    seed: nonNegative(values.seed, '--seed'),
  };
  if (values.out !== undefined) prepareOut(values.out);
  // on stdout, a reader that goes away (`| head`) ends it quietly: see run() in ../index.ts
  await writeLines(demoLines(options), values.out);
  return 0;
}

/** Makes the folder of `out` if missing and checks the file can be written: one line if not. */
function prepareOut(out: string): void {
  if (existsSync(out) && statSync(out).isDirectory()) {
    throw new UsageError(`--out ${out} is a folder: name a file in it`);
  }
  const dir = dirname(resolve(out));
  const cannot = (why: string, e: unknown) =>
    new ThreadgraphError('INVALID_INPUT', `cannot write ${out}: ${why}`, { cause: e });
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw cannot(`its folder ${dir} cannot be made (${reason(e)})`, e);
  }
  try {
    // the file is written aside first (FILE.partial), then renamed
    closeSync(openSync(`${out}.partial`, 'w'));
  } catch (e) {
    throw cannot(reason(e), e);
  }
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const known: Record<string, string> = {
    EEXIST: 'a file is in the way',
    ENOTDIR: 'a file is in the way',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left',
  };
  return known[code] ?? (e as Error).message;
}
