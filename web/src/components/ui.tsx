/** The small pieces every page is made of: states, badges, titled sections, tables. */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { ApiError } from '../api/client';

export function Title({ children, sub }: { children: ComponentChildren; sub?: ComponentChildren }) {
  useEffect(() => {
    const text = typeof children === 'string' ? children : undefined;
    if (text) document.title = `${text} · threadgraph`;
  }, [children]);
  return (
    <div class="title">
      <h1>{children}</h1>
      {sub ? <p class="sub">{sub}</p> : null}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function ErrorBox({ error }: { error: ApiError }) {
  const hint =
    error.code === 'UNAVAILABLE'
      ? 'The server or its database is unavailable; try again in a moment.'
      : error.code === 'INVALID_INPUT'
        ? 'The server refused the request as it stands.'
        : error.code === 'FORBIDDEN'
          ? 'Your roles or sites do not cover this; an admin of the sign-in provider (or of the API keys) can change them.'
          : undefined;
  const headline =
    error.code === 'NOT_FOUND'
      ? 'Not found'
      : error.code === 'FORBIDDEN'
        ? 'Not allowed for you'
        : error.code === 'UNAUTHENTICATED'
          ? 'Not signed in'
          : 'Could not load this';
  return (
    <div class="error" role="alert">
      <strong>{headline}</strong>
      <p>{error.message}</p>
      {hint ? <p class="muted">{hint}</p> : null}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** muted: a state that is not a verdict (stale, unknown) */
export type Tone = 'ok' | 'bad' | 'warn' | 'info' | 'muted';

export function Badge({ tone, children }: { tone: Tone; children: ComponentChildren }) {
  return <span class={`badge ${tone}`}>{children}</span>;
}

/** A yes/no that says what it is about in words, not only in colour. */
export function Current({
  current,
  currentRevision,
}: {
  current: boolean;
  currentRevision?: string | null;
}) {
  return current ? (
    <Badge tone="ok">current</Badge>
  ) : (
    <Badge tone="bad">not current{currentRevision ? ` (${currentRevision} was)` : ''}</Badge>
  );
}

export function Section({
  id,
  title,
  count,
  children,
}: {
  id: string;
  title: string;
  count?: number;
  children: ComponentChildren;
}) {
  return (
    <section id={id} aria-labelledby={`${id}-h`} class="section">
      <h2 id={`${id}-h`}>
        {title}
        {count !== undefined ? <span class="count">{count}</span> : null}
      </h2>
      {children}
    </section>
  );
}

export function Facts({ items }: { items: readonly [string, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

export interface Column<T> {
  readonly head: string;
  readonly cell: (row: T) => ComponentChildren;
  /** numbers align right */
  readonly numeric?: boolean;
}

export function Table<T>({
  caption,
  columns,
  rows,
  rowKey,
}: {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, i: number) => string;
}) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.head} scope="col" class={c.numeric ? 'num' : undefined}>
                {c.head}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={rowKey(r, i)}>
              {columns.map((c) => (
                <td key={c.head} class={c.numeric ? 'num' : undefined}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
