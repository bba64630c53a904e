/**
 * The safe XML reader: selected elements as trees with their paths and lines, and hostile input
 * (DTDs, entities, depth, attributes, malformed XML, bad bytes) refused with line and path.
 */
import { Readable } from 'node:stream';
import type { XmlItem, XmlLimits } from '../../../importers/xml/read-xml';
import { DEFAULT_XML_LIMITS, readXml, serialize, textOf } from '../../../importers/xml/read-xml';

async function all(xml: string | Buffer, name: string, limits?: Partial<XmlLimits>) {
  const items: XmlItem[] = [];
  const bytes = typeof xml === 'string' ? Buffer.from(xml) : xml;
  // fed in 7-byte chunks: nothing may depend on where a chunk ends
  const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) =>
    bytes.subarray(i * 7, i * 7 + 7),
  );
  for await (const it of readXml(Readable.from(chunks), (n) => n === name, {
    ...DEFAULT_XML_LIMITS,
    ...limits,
  }))
    items.push(it);
  return items;
}

test('hands over each selected element with its path, line, ancestors and mixed content', async () => {
  const items = await all(
    '<?xml version="1.0"?>\n<r:root xmlns:r="urn:x" id="R">\n <item n="1">a<b>bold</b>c</item>\n <item n="2"/>\n</r:root>',
    'item',
  );
  expect(items).toHaveLength(2);
  const [first, second] = items;
  if (first?.kind !== 'element' || second?.kind !== 'element') throw new Error('not elements');
  expect(first.node.path).toBe('/root/item');
  expect(first.node.line).toBe(3);
  expect(first.node.attrs).toEqual({ n: '1' });
  expect(textOf(first.node)).toBe('aboldc');
  expect(serialize(first.node)).toBe('<item n="1">a<b>bold</b>c</item>');
  expect(first.ancestors.map((a) => [a.name, a.uri, a.attrs])).toEqual([
    ['root', 'urn:x', { id: 'R' }],
  ]);
  expect(second.node.path).toBe('/root/item[2]');
  expect(second.node.line).toBe(4);
});

test.each([
  [
    'a DOCTYPE with entities (billion laughs)',
    '<?xml version="1.0"?>\n<!DOCTYPE l [<!ENTITY l "lol">]>\n<a>&l;</a>',
    /DOCTYPE is refused/,
  ],
  [
    'an external entity',
    '<!DOCTYPE a SYSTEM "http://example.com/x.dtd"><a/>',
    /DOCTYPE is refused/,
  ],
  ['an undeclared entity', '<a><item>&foo;</item></a>', /not well-formed XML.*entity/i],
  ['a mismatched tag', '<a><item>1</c></a>', /not well-formed XML/],
])('refuses %s, naming line and path', async (_what, xml, reason) => {
  const items = await all(xml, 'item');
  const last = items.at(-1);
  expect(last?.kind).toBe('problem');
  if (last?.kind === 'problem') {
    expect(last.reason).toMatch(reason);
    expect(last.line).toBeGreaterThanOrEqual(1);
  }
});

test('stops at the depth limit with the path it reached', async () => {
  const items = await all('<a><b><c><d><item/></d></c></b></a>', 'item', { maxDepth: 3 });
  expect(items).toEqual([
    { kind: 'problem', line: 1, path: '/a/b/c', reason: 'nests deeper than 3 elements' },
  ]);
});

test('bounds the attributes of an element and the nodes of a selected element', async () => {
  const attrs = Array.from({ length: 5 }, (_, i) => ` a${i}="x"`).join('');
  expect((await all(`<a><item${attrs}/></a>`, 'item', { maxAttributes: 4 })).at(-1)).toMatchObject({
    kind: 'problem',
    reason: '<item> has 5 attributes; at most 4 are read',
  });
  const many = '<x/>'.repeat(20);
  expect((await all(`<a><item>${many}</item></a>`, 'item', { maxNodes: 10 })).at(-1)).toMatchObject(
    {
      kind: 'problem',
      reason: 'the element holds more than 10 nodes',
    },
  );
});

test('keeps the elements read before a problem', async () => {
  const items = await all('<a>\n<item>1</item>\n<item>2</item>\n<item>3</oops>', 'item');
  expect(items.map((i) => i.kind)).toEqual(['element', 'element', 'problem']);
  expect(items[2]).toMatchObject({ line: 4, path: '/a/item[3]' });
});

test('reads UTF-16 with a byte-order mark and a declared Latin-1, and refuses bytes that are not UTF-8', async () => {
  const utf16 = Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from('<a><item>Größe</item></a>', 'utf16le'),
  ]);
  const [u] = await all(utf16, 'item');
  expect(u?.kind === 'element' && textOf(u.node)).toBe('Größe');
  const latin = Buffer.from(
    '<?xml version="1.0" encoding="ISO-8859-1"?><a><item>Größe</item></a>',
    'latin1',
  );
  const [l] = await all(latin, 'item');
  expect(l?.kind === 'element' && textOf(l.node)).toBe('Größe');
  const bad = Buffer.from('<a><item>Gr\xf6\xdfe</item></a>', 'latin1');
  expect((await all(bad, 'item')).at(-1)).toMatchObject({
    kind: 'problem',
    reason: 'the file is not valid UTF-8 (and declares no other encoding)',
  });
});
