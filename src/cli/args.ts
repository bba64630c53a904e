/**
 * Command-line arguments: each command's help, parsing with messages for people (never the
 * parser's own), checked numbers, and the usage error every command throws.
 */
import { parseArgs } from 'node:util';

/**
 * Something wrong with the command line. `message` says what ("unknown option --fromat (did you
 * mean --format?)"); the dispatcher prefixes the command and adds its usage line.
 */
export class UsageError extends Error {}

/** A command's help: `threadgraph <command> --help` prints it; its usage line follows every usage error. */
export interface CommandHelp {
  /** the usage lines, each starting `threadgraph <command>` */
  readonly usage: readonly string[];
  /** one line for the list of commands */
  readonly summary: string;
  /** what it does, for its own help */
  readonly description?: string;
  /** [option, what it does] */
  readonly options?: readonly (readonly [string, string])[];
}

type Options = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

/** Parses `args` against `options`; anything else is a UsageError that says what is wrong. */
export function parse<O extends Options>(args: string[], options: O, allowPositionals = false) {
  check(args, options, allowPositionals);
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    // check() refuses what strict parsing refuses; should one slip through, its first line only
    throw new UsageError((e as Error).message.split('\n')[0] ?? 'bad arguments');
  }
}

function check(args: string[], options: Options, allowPositionals: boolean): void {
  const { tokens } = parseArgs({
    args,
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  for (const t of tokens) {
    if (t.kind === 'positional' && !allowPositionals) {
      throw new UsageError(`unexpected argument ${JSON.stringify(t.value)}: it takes none`);
    }
    if (t.kind !== 'option') continue;
    const spec = options[t.name];
    if (spec === undefined) {
      const names = Object.keys(options).map((n) => `--${n}`);
      const near = closest(t.rawName, names);
      throw new UsageError(
        `unknown option ${t.rawName}` +
          (names.length === 0 ? ': it takes none' : near ? ` (did you mean ${near}?)` : ''),
      );
    }
    if (spec.type === 'boolean' && t.value !== undefined) {
      throw new UsageError(`${t.rawName} takes no value (${t.rawName}=${t.value})`);
    }
    if (spec.type === 'string') {
      if (t.value === undefined) throw new UsageError(`${t.rawName} needs a value`);
      if (!t.inlineValue && t.value.startsWith('-') && t.value !== '-') {
        throw new UsageError(
          `${t.rawName} needs a value, not ${t.value} (a value starting with '-': ${t.rawName}=${t.value})`,
        );
      }
    }
  }
}

/**
 * A command's action (`db start`, `keys revoke`, …): the one typed, or a usage error that lists
 * the actions and names the one a typo most likely meant.
 */
export function actionOf<A extends string>(typed: string | undefined, actions: readonly A[]): A {
  if (typed === undefined) throw new UsageError(`which one: ${actions.join(', ')}?`);
  if (!(actions as readonly string[]).includes(typed)) {
    const near = closest(typed, actions);
    throw new UsageError(
      `unknown action ${JSON.stringify(typed)}${near ? ` (did you mean ${near}?)` : ''}: one of ${actions.join(', ')}`,
    );
  }
  return typed as A;
}

/** The candidate a typo most likely meant (at most two edits away), if any. */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(typed.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row.push(d);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}

export function positive(value: unknown, name: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new UsageError(
      `${name} must be ${max === Number.MAX_SAFE_INTEGER ? 'a positive integer' : `an integer from 1 to ${max}`}, not ${JSON.stringify(value)}`,
    );
  }
  return n;
}

export function nonNegative(value: unknown, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new UsageError(`${name} must be a non-negative integer, not ${JSON.stringify(value)}`);
  }
  return n;
}

/** An answer on stdout: JSON for scripts, or text for people. */
export function print(json: boolean | undefined, value: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
}
