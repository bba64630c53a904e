import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileLine } from '../../importers/lines/read-lines';
import { invalidUtf8At, readLines } from '../../importers/lines/read-lines';

const file = (content: Buffer | string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'threadgraph-lines-')), 'f.txt');
  writeFileSync(path, content);
  return path;
};
const all = async (gen: AsyncGenerator<FileLine>) => {
  const out: FileLine[] = [];
  for await (const l of gen) out.push(l);
  return out;
};

describe('readLines', () => {
  it('numbers lines and says at which byte each ends (CRLF, blank and unterminated lines)', async () => {
    const path = file('a\nbb\r\n\nccc');
    expect(await all(readLines(path))).toEqual([
      { line: 1, end: 2, text: 'a' },
      { line: 2, end: 6, text: 'bb' },
      { line: 3, end: 7, text: '' },
      { line: 4, end: 10, text: 'ccc' },
    ]);
  });

  it('resumes after any line it reported', async () => {
    const path = file('a\nbb\r\n\nccc\n');
    expect(await all(readLines(path, { offset: 6, line: 2 }))).toEqual([
      { line: 3, end: 7, text: '' },
      { line: 4, end: 11, text: 'ccc' },
    ]);
  });

  it('drops a byte-order mark at the start of the file only', async () => {
    const path = file(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x0a, 0xef, 0xbb, 0xbf, 0x62]));
    const lines = await all(readLines(path));
    expect(lines.map((l) => ('text' in l ? l.text : l.problem))).toEqual(['a', '\uFEFFb']);
  });

  it('reports a line that is not UTF-8 instead of replacing its bytes', async () => {
    const path = file(
      Buffer.concat([Buffer.from('ok\nx'), Buffer.from([0xff, 0x41]), Buffer.from('\nfine\n')]),
    );
    expect(await all(readLines(path))).toEqual([
      { line: 1, end: 3, text: 'ok' },
      { line: 2, end: 7, problem: 'not valid UTF-8 (bytes ff 41 at byte 2 of the line)' },
      { line: 3, end: 12, text: 'fine' },
    ]);
  });

  it('reports a line longer than the limit and reads on, across chunks', async () => {
    const long = 'x'.repeat(3 * 1024 * 1024); // three read chunks
    const path = file(`first\n${long}\nlast\n`);
    const lines = await all(readLines(path, { offset: 0, line: 0 }, { maxLineBytes: 1024 * 1024 }));
    expect(lines).toEqual([
      { line: 1, end: 6, text: 'first' },
      {
        line: 2,
        end: 6 + long.length + 1,
        problem: `the line is ${long.length + 1} bytes long; at most 1048576 are read`,
      },
      { line: 3, end: 6 + long.length + 6, text: 'last' },
    ]);
  });
});

describe('invalidUtf8At', () => {
  it.each([
    ['ascii and é', Buffer.from('aé€😀'), 10],
    ['an encoded surrogate', Buffer.from([0x61, 0xed, 0xa0, 0x80]), 1],
    ['an overlong slash', Buffer.from([0xc0, 0xaf]), 0],
    ['past U+10FFFF', Buffer.from([0x61, 0x62, 0xf4, 0x90, 0x80, 0x80]), 2],
    ['a truncated sequence', Buffer.from([0x61, 0xe2, 0x82]), 1],
  ])('%s', (_name, bytes, at) => {
    expect(invalidUtf8At(bytes)).toBe(at);
  });
});
