/**
 * ReqIF XHTML values (THE-VALUE of ATTRIBUTE-VALUE-XHTML, with whatever prefix the tool used:
 * `xhtml:`, `reqif-xhtml:` or a default-namespace `<div>`) as plain text people can read, and as
 * markup kept beside it. Entities were decoded by the XML reader, so `&lt;A&gt;` is the text
 * `<A>`, never markup.
 */
import { serialize } from '../xml/read-xml';
import type { XmlNode } from '../xml/read-xml';

/** Elements that start a new line of text. */
const BLOCKS = new Set([
  'address',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'li',
  'ol',
  'p',
  'pre',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
  'caption',
]);

/** Plain text: blocks and `<br>` become line breaks, runs of white space one space. */
export function plainText(content: readonly (XmlNode | string)[]): string {
  const lines: string[] = [];
  let line = '';
  const flush = () => {
    const t = line.replace(/\s+/g, ' ').trim();
    if (t !== '') lines.push(t);
    line = '';
  };
  const walk = (items: readonly (XmlNode | string)[]) => {
    for (const item of items) {
      if (typeof item === 'string') {
        line += item;
        continue;
      }
      const name = item.name.toLowerCase();
      if (name === 'br') {
        flush();
        continue;
      }
      if (name === 'img' && item.attrs.alt) line += ` ${item.attrs.alt} `;
      const block = BLOCKS.has(name);
      if (block) flush();
      walk(item.content);
      if (block) flush();
    }
  };
  walk(content);
  flush();
  return lines.join('\n');
}

/** The XHTML as markup without namespace prefixes (`<div>…</div>`). */
export function markup(content: readonly (XmlNode | string)[]): string {
  return content
    .map((c) =>
      typeof c === 'string'
        ? c.trim() === ''
          ? ''
          : c.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
        : serialize(c),
    )
    .join('');
}
