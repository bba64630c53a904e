/** The command line's parsing, its messages for people, and the import's exit status of several files. */
import { closest, nonNegative, parse, positive, UsageError } from '../../src/cli/args';
import { EXIT, worstExit } from '../../src/cli/exit-codes';

const options = {
  units: { type: 'string' },
  seed: { type: 'string', default: '1' },
  json: { type: 'boolean', default: false },
} as const;

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('no usage error');
}

describe('parse', () => {
  it('gives the values of a well-formed command line', () => {
    const { values, positionals } = parse(['--units', '5', 'a', '--json'], options, true);
    expect(values).toEqual({ units: '5', seed: '1', json: true });
    expect(positionals).toEqual(['a']);
  });

  it('names an unknown option, and the one a typo most likely meant', () => {
    expect(message(() => parse(['--untis', '5'], options))).toBe(
      'unknown option --untis (did you mean --units?)',
    );
    expect(message(() => parse(['--port', '5000'], options))).toBe('unknown option --port');
    expect(message(() => parse(['--json'], {}))).toBe('unknown option --json: it takes none');
  });

  it('says an option needs a value, instead of taking the next option as one', () => {
    expect(message(() => parse(['--units'], options))).toBe('--units needs a value');
    expect(message(() => parse(['--units', '--json'], options))).toBe(
      "--units needs a value, not --json (a value starting with '-': --units=--json)",
    );
    expect(parse(['--units=-3'], options).values.units).toBe('-3');
  });

  it('refuses a value given to a switch, and arguments where none are taken', () => {
    expect(message(() => parse(['--json=yes'], options))).toBe(
      '--json takes no value (--json=yes)',
    );
    expect(message(() => parse(['x.jsonl'], options))).toBe(
      'unexpected argument "x.jsonl": it takes none',
    );
  });

  it('never lets the parser’s own wording through', () => {
    for (const args of [['-x'], ['--units'], ['--json=1'], ['extra'], ['--units', '-1']]) {
      expect(message(() => parse(args, options))).not.toMatch(
        /Unknown option|argument missing|ambiguous|positional/,
      );
    }
  });
});

describe('numbers', () => {
  it('positive and non-negative integers, with the value that was wrong', () => {
    expect(positive('3', '--units')).toBe(3);
    expect(message(() => positive('0', '--units'))).toBe(
      '--units must be a positive integer, not "0"',
    );
    expect(message(() => positive('2.5', '--units'))).toBe(
      '--units must be a positive integer, not "2.5"',
    );
    expect(positive('50', '--depth', 50)).toBe(50);
    expect(message(() => positive('51', '--depth', 50))).toBe(
      '--depth must be an integer from 1 to 50, not "51"',
    );
    expect(nonNegative('0', '--offset')).toBe(0);
    expect(message(() => nonNegative('-1', '--offset'))).toBe(
      '--offset must be a non-negative integer, not "-1"',
    );
  });
});

describe('closest', () => {
  it('finds a typo up to two edits away, a swap of neighbours counting as one', () => {
    expect(closest('improt', ['import', 'impact', 'derive'])).toBe('import');
    expect(closest('--fromat', ['--format', '--no-wait'])).toBe('--format');
    expect(closest('helth', ['health', 'search'])).toBe('health');
    expect(closest('frobnicate', ['import', 'impact'])).toBeUndefined();
  });
});

describe('worstExit', () => {
  it('ranks a failed job over an unreadable file over rejected lines over done', () => {
    expect(worstExit([])).toBe(EXIT.DONE);
    expect(worstExit([0, 5, 0])).toBe(5);
    expect(worstExit([5, 1, 5])).toBe(1);
    expect(worstExit([5, 3, 1, 0])).toBe(3);
    expect(worstExit([0, 0])).toBe(0);
  });
});
