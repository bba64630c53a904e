// The text of a PDF, for tests: `node pdf-text.mjs FILE` prints each page's text, lines as the
// PDF draws them, pages separated by a form feed. Its own process because pdfjs-dist is ESM only
// and jest here runs CommonJS (a dynamic import() inside jest fails).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node pdf-text.mjs FILE\n');
  process.exit(1);
}
const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const loading = getDocument({
  data: new Uint8Array(readFileSync(file)),
  // the standard fonts' metrics from the package itself: nothing is fetched
  standardFontDataUrl: `${join(root, 'standard_fonts')}/`,
  verbosity: 0,
});
const pdf = await loading.promise;
const pages = [];
for (let n = 1; n <= pdf.numPages; n++) {
  const page = await pdf.getPage(n);
  const content = await page.getTextContent();
  let text = '';
  for (const item of content.items) {
    if (!('str' in item)) continue;
    text += item.str + (item.hasEOL ? '\n' : '');
  }
  pages.push(text);
}
process.stdout.write(pages.join('\f'));
await loading.destroy();
