/**
 * Sign-in, shown in place of any page while the tab holds no credential the server accepts: with
 * the server's OpenID Connect provider when it names one for the browser, and always with an API
 * key pasted in (dashboards, operators of a server without a provider). The address stays the
 * page that was asked for, and the tab returns there once signed in.
 */
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'wouter-preact';
import type { AuthConfig } from '../access';
import { ME } from '../access';
import { ApiError, request } from '../api/client';
import { keepCredential } from '../api/credential';
import { beginSignIn, CALLBACK_PATH, finishSignIn, issuerHost, SignInError } from '../api/oidc';
import { Loading, Title } from '../components/ui';

export interface Notice {
  readonly tone: 'error' | 'info';
  readonly text: string;
}

export function SignInPage({ config, notice }: { config: AuthConfig; notice?: Notice }) {
  // the whole address, so a query (a site, a tag) survives the round trip through the provider
  const wanted = `${location.pathname}${location.search}${location.hash}`;
  const [error, setError] = useState<string | null>(null);
  const [going, setGoing] = useState(false);
  const shown = error ? ({ tone: 'error', text: error } as const) : notice;
  return (
    <div class="sign-in">
      <Title sub="This threadgraph server answers only those who sign in.">Sign in</Title>
      {shown ? (
        shown.tone === 'error' ? (
          <div class="error" role="alert">
            <strong>Not signed in</strong>
            <p>{shown.text}</p>
          </div>
        ) : (
          <p class="info-inline" role="status">
            {shown.text}
          </p>
        )
      ) : null}
      {wanted !== '/' ? (
        <p class="muted">
          Once signed in you return to <code>{wanted}</code>.
        </p>
      ) : null}
      {config.oidc ? (
        <section class="sign-in-way" aria-labelledby="provider-h">
          <h2 id="provider-h">With your organisation's account</h2>
          <p class="muted">
            Your roles and sites come from the sign-in provider; the token stays in this tab only.
          </p>
          <button
            type="button"
            disabled={going}
            onClick={() => {
              const oidc = config.oidc;
              if (!oidc) return;
              setGoing(true);
              setError(null);
              beginSignIn(oidc, wanted).catch((e: unknown) => {
                setGoing(false);
                setError(e instanceof Error ? e.message : String(e));
              });
            }}
          >
            {going
              ? 'Going to the sign-in page…'
              : `Sign in with ${issuerHost(config.oidc.issuer)}`}
          </button>
        </section>
      ) : null}
      <ApiKeyForm onError={setError} />
    </div>
  );
}

function ApiKeyForm({ onError }: { onError: (message: string | null) => void }) {
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <section class="sign-in-way" aria-labelledby="key-h">
      <h2 id="key-h">Use an API key</h2>
      <p class="muted">
        For a dashboard or an operator: a key an admin made (<code>threadgraph keys create</code>,
        or the API keys page). It is kept in this tab only and forgotten when the tab closes.
      </p>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const value = key.trim();
          if (value === '') return;
          setBusy(true);
          onError(null);
          const credential = { kind: value.startsWith('tgk_') ? 'key' : 'token', value } as const;
          // asked first with the key alone: a key the server refuses is not kept
          request(ME, {}, { credential }).then(
            () => keepCredential(credential),
            (err: unknown) => {
              setBusy(false);
              const message = err instanceof ApiError ? err.message : String(err);
              onError(
                err instanceof ApiError && err.code === 'UNAUTHENTICATED'
                  ? `The server did not accept this key: ${message}.`
                  : message,
              );
            },
          );
        }}
      >
        <label>
          API key
          <input
            type="password"
            name="api-key"
            autocomplete="off"
            spellcheck={false}
            placeholder="tgk_…"
            size={40}
            value={key}
            onInput={(e) => setKey((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" disabled={busy || key.trim() === ''}>
          {busy ? 'Checking…' : 'Use this key'}
        </button>
      </form>
    </section>
  );
}

/** /signed-in: where the provider sends the tab back with a code (or an error). */
export function SignedInPage({
  onFailed,
}: {
  onFailed: (message: string, returnTo: string) => void;
}) {
  const [, navigate] = useLocation();
  useEffect(() => {
    finishSignIn(location.search).then(
      ({ accessToken, returnTo }) => {
        keepCredential({ kind: 'token', value: accessToken });
        navigate(safePath(returnTo), { replace: true });
      },
      (e: unknown) => {
        const returnTo = e instanceof SignInError ? e.returnTo : undefined;
        onFailed(e instanceof Error ? e.message : String(e), safePath(returnTo ?? '/'));
      },
    );
  }, []);
  return <Loading what="your sign-in" />;
}

/** Only a path of this app: never another site, whatever came back through the provider. */
function safePath(path: string): string {
  const ours = path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
  return ours && !path.startsWith(CALLBACK_PATH) ? path : '/';
}
