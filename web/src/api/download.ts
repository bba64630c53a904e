/**
 * Downloads of the server's files (device history records, recall lists, rejected lines). A
 * plain link cannot carry an Authorization header, so with sign-in the file is fetched with the
 * tab's credential and saved from memory under the name the server gave it.
 */
import { ApiError, refusal } from './client';
import { authorization, signInLost } from './credential';

export async function download(href: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(href, { headers: authorization() });
  } catch {
    throw new ApiError('the threadgraph server does not answer', 'UNAVAILABLE');
  }
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => undefined);
    const refused =
      refusal(res.status, body) ??
      new ApiError(
        `the server answered ${res.status}`,
        res.status === 404 ? 'NOT_FOUND' : 'INTERNAL',
      );
    if (refused.code === 'UNAUTHENTICATED') signInLost(refused.message);
    throw refused;
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName(res.headers.get('content-disposition')) ?? lastSegment(href);
  document.body.append(a);
  a.click();
  a.remove();
  // the browser has taken the file once click() returned; a moment later the memory may go
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The file name of `attachment; filename="DHR-SN-0047.pdf"` (or filename*=UTF-8''…). */
export function fileName(disposition: string | null): string | undefined {
  if (disposition === null) return undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)?.[1];
  if (extended !== undefined) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // a malformed escape: fall back to the plain name
    }
  }
  return /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;\s]+)/
    .exec(disposition)
    ?.slice(1)
    .find((v) => v !== undefined);
}

function lastSegment(href: string): string {
  const path = new URL(href, location.href).pathname;
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || 'download';
}
