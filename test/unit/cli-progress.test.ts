/** Progress on stderr: a live line on a terminal, plain lines at phase changes and every 10 s elsewhere. */
import { Progress } from '../../src/cli/progress';

function sink(isTTY: boolean, columns = 80) {
  const written: string[] = [];
  return { written, out: { isTTY, columns, write: (t: string) => written.push(t) } };
}

describe('Progress', () => {
  it('elsewhere than a terminal: a line when the phase changes, else one every 10 s at most', () => {
    const { written, out } = sink(false);
    let now = 1_000_000;
    const p = new Progress(out, () => now);
    p.update('records', 'a.jsonl: 10%');
    now += 3_000;
    p.update('records', 'a.jsonl: 20%'); // same phase, 3 s later: not written
    now += 6_999;
    p.update('records', 'a.jsonl: 40%'); // 9.999 s after the last line: not written
    now += 1;
    p.update('records', 'a.jsonl: 41%'); // 10 s: written
    now += 1;
    p.update('derive', 'a.jsonl: deriving'); // a new phase: written at once
    p.done();
    expect(written).toEqual(['a.jsonl: 10%\n', 'a.jsonl: 41%\n', 'a.jsonl: deriving\n']);
  });

  it('on a terminal: every update redraws one line, cut to the width, cleared at the end', () => {
    const { written, out } = sink(true, 21);
    const p = new Progress(out, () => 0);
    p.update('records', 'short');
    p.update('records', 'a line longer than twenty characters');
    p.done();
    p.done(); // cleared once
    expect(written).toEqual(['\r\x1b[2Kshort', '\r\x1b[2Ka line longer than …', '\r\x1b[2K']);
  });
});
