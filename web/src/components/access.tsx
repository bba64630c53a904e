/** The pieces of pages that depend on who is signed in: downloads, and what a role does not allow. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ApiError } from '../api/client';
import { download } from '../api/download';
import type { Permission } from '../access';
import { GRANTED_BY, useAccess } from '../access';

/**
 * A file of the server's. Without sign-in a plain link (the browser downloads it); with sign-in
 * the same link, fetched with the credential and saved (download.ts), its refusal said in words.
 */
export function DownloadLink({
  href,
  class: className,
  children,
}: {
  href: string;
  class?: string;
  children: ComponentChildren;
}) {
  const { signInRequired } = useAccess();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  if (!signInRequired) {
    return (
      <a class={className} href={href} download>
        {children}
      </a>
    );
  }
  return (
    <>
      <a
        class={className}
        href={href}
        download
        aria-busy={busy}
        onClick={(e) => {
          e.preventDefault();
          if (busy) return;
          setBusy(true);
          setError(null);
          download(href).then(
            () => setBusy(false),
            (err: ApiError) => {
              setBusy(false);
              setError(err);
            },
          );
        }}
      >
        {children}
      </a>
      {error ? (
        <span class="error-inline" role="alert">
          Could not download: {error.message}
        </span>
      ) : null}
    </>
  );
}

/** Says, where an action would be, that the signed-in roles do not allow it. */
export function NotPermitted({ what, permission }: { what: string; permission: Permission }) {
  const { me } = useAccess();
  const roles = me?.roles ?? [];
  return (
    <p class="muted not-permitted">
      {what} needs the {permission} permission ({GRANTED_BY[permission]}); you have{' '}
      {roles.length === 0
        ? 'no role'
        : `the role${roles.length > 1 ? 's' : ''} ${roles.join(', ')}`}
      .
    </p>
  );
}
