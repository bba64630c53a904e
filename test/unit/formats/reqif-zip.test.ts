/**
 * .reqifz archives through the ReqIF parser, against importers/reqif/MAPPING.md Z1–Z8: hostile
 * archives (zip bombs, traversing names, encrypted and nested entries, sizes that lie) are refused
 * with the archive and the entry named, and the good documents beside them still come out.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { writeZip } from '../../fixtures/reqif/write-zip';
import type { TestEntry } from '../../fixtures/reqif/write-zip';
import { object, parse, reqif, tempPath } from './reqif-support';

const good = reqif({ objects: object('A', 'a') });
const zip = (entries: readonly TestEntry[]) => {
  const path = tempPath('test.reqifz');
  writeZip(path, entries);
  return path;
};
const archiveName = (path: string) => path.split('/').at(-1) ?? '';

describe('ReqIF archives', () => {
  test('a document in an archive: its records carry the entry in their element path', async () => {
    const path = zip([
      { name: 'docs/a.reqif', data: reqif({ objects: object('', 'no id') + object('A', 'a') }) },
    ]);
    const p = await parse(path);
    expect(p.data.map((d) => d.id)).toEqual(['A']);
    expect(p.refusals[0]?.field).toMatch(/^docs\/a\.reqif!\/REQ-IF\/.*SPEC-OBJECT @IDENTIFIER$/);
  });

  test('Z1: too many entries, or too many bytes declared, refuse the whole archive', async () => {
    const path = zip([
      { name: 'a.reqif', data: good },
      { name: 'b.png', data: 'x' },
      { name: 'c.png', data: 'y' },
    ]);
    const many = await parse(path, { zipLimits: { maxEntries: 2 } });
    expect(many.records).toHaveLength(0);
    expect(many.refusals.map((r) => r.reason)).toEqual([
      `archive ${archiveName(path)}: holds 3 entries; at most 2 are read`,
    ]);
    const big = await parse(path, { zipLimits: { maxTotalBytes: 100 } });
    expect(big.refusals[0]?.reason).toMatch(/unpacks to \d+ bytes; at most 100 are read$/);
    const notZip = tempPath('broken.reqifz');
    writeFileSync(notZip, Buffer.from('PK\u0003\u0004garbage'));
    const broken = await parse(notZip);
    expect(broken.refusals[0]?.reason).toContain('not a readable zip archive');
  });

  test('Z2: traversing, absolute and backslashed names are refused, entry by entry', async () => {
    const path = zip([
      { name: '../evil.reqif', data: good },
      { name: '/etc/abs.reqif', data: good },
      { name: 'C:/win.reqif', data: good },
      { name: 'dir\\win.reqif', data: good },
      { name: 'ok.reqif', data: good },
    ]);
    const p = await parse(path);
    expect(p.data.map((d) => d.id)).toEqual(['A']);
    const name = archiveName(path);
    expect(p.refusals.map((r) => r.reason)).toEqual([
      `archive ${name}, entry "../evil.reqif": has ".." in its path (path traversal)`,
      `archive ${name}, entry "/etc/abs.reqif": has an absolute path`,
      `archive ${name}, entry "C:/win.reqif": has an absolute path`,
      `archive ${name}, entry "dir\\win.reqif": has a backslash in its name (a Windows path: refused)`,
    ]);
  });

  test('Z3: an encrypted entry is refused', async () => {
    const p = await parse(zip([{ name: 'secret.reqif', data: good, flags: 1 }]));
    expect(p.refusals.map((r) => r.reason)).toEqual([
      expect.stringMatching(/entry "secret\.reqif": is encrypted$/),
    ]);
  });

  test('Z4: nested archives are not opened — by name, and by a .reqif entry that is a zip', async () => {
    const inner = tempPath('inner.zip');
    writeZip(inner, [{ name: 'a.reqif', data: good }]);
    const bytes = readFileSync(inner);
    const p = await parse(
      zip([
        { name: 'inner.reqifz', data: bytes },
        { name: 'disguised.reqif', data: bytes },
        { name: 'ok.reqif', data: good },
      ]),
    );
    expect(p.data.map((d) => d.id)).toEqual(['A']);
    expect(p.refusals.map((r) => r.reason)).toEqual([
      expect.stringMatching(
        /entry "inner\.reqifz": is an archive inside the archive \(not opened\)$/,
      ),
      expect.stringMatching(
        /entry "disguised\.reqif": is an archive inside the archive \(not opened\)$/,
      ),
    ]);
  });

  test('Z5: a zip bomb (ratio past the bound) is refused before it is unpacked', async () => {
    const p = await parse(zip([{ name: 'bomb.reqif', data: Buffer.alloc(4 * 1024 * 1024, 0x20) }]));
    expect(p.refusals).toHaveLength(1);
    expect(p.refusals[0]?.reason).toMatch(
      /entry "bomb\.reqif": compresses \d+:1, more than 200:1 \(a zip bomb\?\)$/,
    );
  });

  test('Z6: an entry that unpacks to more than it declares stops there; what was read stands', async () => {
    const doc = reqif({ objects: object('A', 'a') + object('B', 'b'.repeat(100_000)) });
    const path = zip([{ name: 'liar.reqif', data: doc, declaredSize: 40_000 }]);
    const p = await parse(path);
    expect(p.data.map((d) => d.id)).toEqual(['A']);
    expect(p.refusals.at(-1)?.reason).toMatch(
      new RegExp(`^archive ${archiveName(path)}, entry "liar\\.reqif": `),
    );
  });

  test('Z7: a compression method other than stored or deflate is refused', async () => {
    const p = await parse(
      zip([
        { name: 'x.reqif', data: good, method: 12 },
        { name: 'y.reqif', data: good },
      ]),
    );
    expect(p.data.map((d) => d.id)).toEqual(['A']);
    expect(p.refusals[0]?.reason).toMatch(/entry "x\.reqif": uses compression method 12/);
  });

  test('Z8: an archive without a .reqif document is refused; attachments alone are not read', async () => {
    const path = zip([{ name: 'picture.png', data: 'png' }]);
    const p = await parse(path);
    expect(p.refusals.map((r) => r.reason)).toEqual([
      `archive ${archiveName(path)} holds no .reqif document`,
    ]);
  });

  test('documents of an archive refer to each other: definitions, hierarchy and relations across entries', async () => {
    const first = reqif({ objects: object('A', 'a') + object('B', 'b') });
    const second = reqif({
      relations: `<SPEC-RELATION IDENTIFIER="L" LAST-CHANGE="2024-01-01T00:00:00Z"><SOURCE><SPEC-OBJECT-REF>A</SPEC-OBJECT-REF></SOURCE><TARGET><SPEC-OBJECT-REF>B</SPEC-OBJECT-REF></TARGET><TYPE><SPEC-RELATION-TYPE-REF>t-other</SPEC-RELATION-TYPE-REF></TYPE></SPEC-RELATION>`,
      types: '<SPEC-RELATION-TYPE IDENTIFIER="t-other" LONG-NAME="refines"/>',
      specifications: `<SPECIFICATION IDENTIFIER="S"><CHILDREN><SPEC-HIERARCHY IDENTIFIER="h1"><OBJECT><SPEC-OBJECT-REF>A</SPEC-OBJECT-REF></OBJECT><CHILDREN><SPEC-HIERARCHY IDENTIFIER="h2"><OBJECT><SPEC-OBJECT-REF>B</SPEC-OBJECT-REF></OBJECT></SPEC-HIERARCHY></CHILDREN></SPEC-HIERARCHY></CHILDREN></SPECIFICATION>`,
    });
    const p = await parse(
      zip([
        { name: 'a.reqif', data: first },
        { name: 'b.reqif', data: second },
      ]),
    );
    expect(p.refusals).toEqual([]);
    expect(p.data[0]?.links).toEqual([{ id: 'L', targetId: 'B', type: 'refines' }]);
    expect(p.data[1]?.parentId).toBe('A');
  });
});
