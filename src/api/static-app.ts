/**
 * The browser app (web/, built into web/dist by `npm run build`), served as static files: its
 * assets with long caching (their names hold their content hash), and index.html for every page
 * of the app, so a deep link (/unit/SN-0047) opens as it was shared.
 */
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { PACKAGE_ROOT } from '../paths';

export const WEB_DIST = join(PACKAGE_ROOT, 'web', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/**
 * What the app's pages may load: only this server (plants run offline; nothing else is trusted),
 * and the sign-in provider's origin, which the app asks for its endpoints and its tokens.
 */
const csp = (connect: readonly string[]): string =>
  [
    "default-src 'self'",
    ['connect-src', "'self'", 'ws:', 'wss:', ...connect].join(' '),
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');

/**
 * Serves the file at `path` of the app, or its index.html; false when the app is not built.
 * `connect`: origins beside this server the app may fetch from (the sign-in provider's).
 */
export async function serveApp(
  path: string,
  res: ServerResponse,
  head: boolean,
  connect: readonly string[] = [],
): Promise<boolean> {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return false;
  let file = index;
  if (path.startsWith('/assets/')) {
    const candidate = normalize(join(WEB_DIST, decodeURIComponent(path)));
    if (!candidate.startsWith(`${WEB_DIST}${sep}`)) return notFound(res);
    const info = await stat(candidate).catch(() => undefined);
    if (info === undefined || !info.isFile()) return notFound(res);
    file = candidate;
    res.setHeader('cache-control', 'public, max-age=31536000, immutable');
  } else {
    res.setHeader('cache-control', 'no-cache');
  }
  res.statusCode = 200;
  res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  if (file === index) res.setHeader('content-security-policy', csp(connect));
  if (head) {
    res.end();
    return true;
  }
  await new Promise<void>((resolve, reject) => {
    createReadStream(file).on('error', reject).pipe(res).on('finish', resolve);
  });
  return true;
}

function notFound(res: ServerResponse): true {
  res.statusCode = 404;
  res.setHeader('content-type', 'text/plain');
  res.end('not found');
  return true;
}
