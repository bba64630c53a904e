/**
 * API keys (admins): every key with its role, sites, expiry and whether it was revoked; a new key,
 * whose secret is shown once (the server keeps only its hash); revoking one, after a confirmation,
 * stops whatever uses it within seconds.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useAccess } from '../access';
import type { ApiError } from '../api/client';
import { request } from '../api/client';
import { useQuery } from '../api/use-query';
import { NotPermitted } from '../components/access';
import { Badge, Empty, ErrorBox, Loading, Section, Table, Title } from '../components/ui';
import { when } from '../format';
import { graphql } from '../gql';
import type { ApiKeysQuery } from '../gql/graphql';

const KEYS = graphql(`
  query ApiKeys {
    apiKeys {
      id
      name
      role
      sites
      createdAt
      createdBy
      expiresAt
      revokedAt
      revokedBy
    }
  }
`);

const CREATE = graphql(`
  mutation CreateApiKey($name: String!, $role: String!, $expiresAt: DateTime, $sites: [String!]) {
    createApiKey(name: $name, role: $role, expiresAt: $expiresAt, sites: $sites) {
      key
      apiKey {
        id
        name
      }
    }
  }
`);

const REVOKE = graphql(`
  mutation RevokeApiKey($key: String!) {
    revokeApiKey(key: $key) {
      id
      revokedAt
    }
  }
`);

type Key = ApiKeysQuery['apiKeys'][number];

const ROLES: readonly [string, string][] = [
  ['viewer', 'viewer: reads'],
  ['engineer', 'engineer: reads, exports, imports'],
  ['importer', 'importer: imports only (jobs, collectors)'],
  ['admin', 'admin: everything, keys included'],
];

export function ApiKeysPage() {
  const access = useAccess();
  return (
    <>
      <Title sub="For import jobs, collectors and dashboards: each named, with one role, some sites or every site, and an expiry. The server keeps only each key's hash.">
        API keys
      </Title>
      {access.can('configure') ? (
        <Keys />
      ) : (
        <NotPermitted what="Managing API keys" permission="configure" />
      )}
    </>
  );
}

function Keys() {
  const keys = useQuery(KEYS, {});
  const [made, setMade] = useState<{ name: string; key: string } | null>(null);
  const [confirming, setConfirming] = useState<Key | null>(null);
  const [revokeError, setRevokeError] = useState<ApiError | null>(null);
  const [revoking, setRevoking] = useState(false);
  const now = Date.now();
  const list = keys.data?.apiKeys ?? [];
  return (
    <>
      <CreateKey
        onMade={(m) => {
          setMade(m);
          keys.reload();
        }}
      />
      {made ? <NewKey name={made.name} secret={made.key} onDone={() => setMade(null)} /> : null}
      <Section id="keys" title="Keys" count={keys.data ? list.length : undefined}>
        {confirming ? (
          <ConfirmRevoke
            apiKey={confirming}
            busy={revoking}
            onKeep={() => setConfirming(null)}
            onRevoke={() => {
              setRevoking(true);
              setRevokeError(null);
              request(REVOKE, { key: confirming.id }).then(
                () => {
                  setRevoking(false);
                  setConfirming(null);
                  keys.reload();
                },
                (e: ApiError) => {
                  setRevoking(false);
                  setRevokeError(e);
                },
              );
            }}
          />
        ) : null}
        {revokeError ? <ErrorBox error={revokeError} /> : null}
        {keys.error ? (
          <ErrorBox error={keys.error} />
        ) : !keys.data ? (
          <Loading what="the API keys" />
        ) : list.length === 0 ? (
          <Empty>No API key yet.</Empty>
        ) : (
          <Table
            caption="API keys, revoked ones too"
            rows={list}
            rowKey={(k) => k.id}
            columns={[
              { head: 'Name', cell: (k) => <strong>{k.name}</strong> },
              { head: 'Role', cell: (k) => k.role },
              { head: 'Sites', cell: (k) => (k.sites ? k.sites.join(', ') : 'every site') },
              { head: 'Made', cell: (k) => `${when(k.createdAt)} by ${k.createdBy}` },
              { head: 'Expires', cell: (k) => (k.expiresAt ? when(k.expiresAt) : 'never') },
              {
                head: 'State',
                cell: (k) =>
                  k.revokedAt ? (
                    <Badge tone="muted">
                      revoked {when(k.revokedAt)}
                      {k.revokedBy ? ` by ${k.revokedBy}` : ''}
                    </Badge>
                  ) : k.expiresAt && Date.parse(k.expiresAt) <= now ? (
                    <Badge tone="warn">expired</Badge>
                  ) : (
                    <Badge tone="ok">active</Badge>
                  ),
              },
              {
                head: 'Action',
                cell: (k) =>
                  k.revokedAt ? null : (
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`Revoke ${k.name}`}
                      onClick={() => {
                        setRevokeError(null);
                        setConfirming(k);
                      }}
                    >
                      Revoke
                    </button>
                  ),
              },
            ]}
          />
        )}
      </Section>
    </>
  );
}

function CreateKey({ onMade }: { onMade: (made: { name: string; key: string }) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState('viewer');
  const [sites, setSites] = useState('');
  const [days, setDays] = useState('90');
  const [never, setNever] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const dayCount = Number(days);
  const daysValid = never || (Number.isInteger(dayCount) && dayCount >= 1 && dayCount <= 3650);
  return (
    <form
      class="upload"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim() === '' || !daysValid) return;
        setBusy(true);
        setError(null);
        const siteList = sites
          .split(/[\s,]+/)
          .map((s) => s.trim())
          .filter((s) => s !== '');
        request(CREATE, {
          name: name.trim(),
          role,
          // an expiry in whole days from now; the server refuses one in the past
          expiresAt: never ? null : new Date(Date.now() + dayCount * 86_400_000).toISOString(),
          sites: siteList.length > 0 ? siteList : null,
        }).then(
          (d) => {
            setBusy(false);
            setName('');
            setSites('');
            onMade({ name: d.createApiKey.apiKey.name, key: d.createApiKey.key });
          },
          (err: ApiError) => {
            setBusy(false);
            setError(err);
          },
        );
      }}
    >
      <h2>Make a key</h2>
      <label>
        Name
        <input
          value={name}
          required
          placeholder="plant-a-dashboard"
          size={22}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        Role
        <select value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value)}>
          {ROLES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Sites
        <input
          value={sites}
          placeholder="every site"
          title="the sites whose units it may see, separated by commas; empty: every site"
          size={18}
          onInput={(e) => setSites((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        Expires in (days)
        <input
          type="number"
          min={1}
          max={3650}
          value={days}
          disabled={never}
          size={6}
          onInput={(e) => setDays((e.target as HTMLInputElement).value)}
        />
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={never}
          onChange={(e) => setNever((e.target as HTMLInputElement).checked)}
        />
        Never expires
      </label>
      <button type="submit" disabled={busy || name.trim() === '' || !daysValid}>
        {busy ? 'Making…' : 'Make key'}
      </button>
      {error ? <ErrorBox error={error} /> : null}
    </form>
  );
}

/** The secret, this once, to copy. */
function NewKey({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const code = useRef<HTMLElement>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), [secret]);
  return (
    <div
      class="verdict warn new-key"
      role="region"
      aria-label={`New key ${name}`}
      tabIndex={-1}
      ref={box}
    >
      <div>
        <strong>Key {name} is made. Copy it now: it is not shown again.</strong>
        <p class="muted">
          The server keeps only its hash; if it is lost, revoke it and make another.
        </p>
        <code class="excerpt secret" ref={code}>
          {secret}
        </code>
      </div>
      <div class="actions">
        <button
          type="button"
          onClick={() => {
            // the clipboard API exists only in a secure context; elsewhere the key is selected
            const selectIt = () => {
              const range = document.createRange();
              if (code.current) range.selectNodeContents(code.current);
              getSelection()?.removeAllRanges();
              getSelection()?.addRange(range);
              setCopied('Selected: press Ctrl+C (⌘C) to copy.');
            };
            if (navigator.clipboard) {
              navigator.clipboard.writeText(secret).then(() => setCopied('Copied.'), selectIt);
            } else selectIt();
          }}
        >
          Copy key
        </button>
        <button type="button" class="secondary" onClick={onDone}>
          I have kept it
        </button>
        <span role="status" aria-live="polite">
          {copied}
        </span>
      </div>
    </div>
  );
}

function ConfirmRevoke({
  apiKey,
  busy,
  onRevoke,
  onKeep,
}: {
  apiKey: Key;
  busy: boolean;
  onRevoke: () => void;
  onKeep: () => void;
}) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), [apiKey.id]);
  return (
    <div class="verdict bad" role="group" aria-labelledby="revoke-h">
      <div>
        <strong id="revoke-h">Revoke {apiKey.name}?</strong>
        <p>
          Whatever uses it ({apiKey.role}
          {apiKey.sites ? `, ${apiKey.sites.join(', ')}` : ', every site'}) is refused within
          seconds. A revoked key cannot be restored.
        </p>
      </div>
      <div class="actions">
        <button type="button" ref={first} disabled={busy} onClick={onRevoke}>
          {busy ? 'Revoking…' : `Yes, revoke ${apiKey.name}`}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={onKeep}>
          Keep it
        </button>
      </div>
    </div>
  );
}
