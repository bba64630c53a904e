/**
 * The frame of every page: a skip link, the header with the search box, the sections and who is
 * signed in, the page itself. Pages are routes; every record links to its own page. The app
 * first asks the server whether it requires sign-in (/auth/config): without, every page says so
 * in a banner; with, a tab without an accepted credential gets the sign-in page in place of the
 * page it asked for, and returns there once signed in.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Link, Route, Switch, useLocation } from 'wouter-preact';
import type { Access, AuthConfig, Me, Permission } from './access';
import { AccessContext, accessOf, LOCAL_ACCESS, loadAuthConfig, ME, whoName } from './access';
import { ApiError, request } from './api/client';
import type { Credential } from './api/credential';
import {
  currentCredential,
  forgetCredential,
  onCredentialChange,
  onSignInLost,
} from './api/credential';
import { CALLBACK_PATH } from './api/oidc';
import { SearchBox } from './components/search-box';
import { ErrorBox, Loading } from './components/ui';
import { lazy } from './lazy';
import { HomePage } from './pages/home';
import { NotFoundPage } from './pages/not-found';
import type { Notice } from './pages/sign-in';
import { SignedInPage, SignInPage } from './pages/sign-in';

// every other page is its own chunk, loaded when first opened
const UnitPage = lazy(() => import('./pages/unit').then((m) => m.UnitPage));
const GenealogyPage = lazy(() => import('./pages/genealogy').then((m) => m.GenealogyPage));
const ImpactPage = lazy(() => import('./pages/impact').then((m) => m.ImpactPage));
const CoveragePage = lazy(() => import('./pages/coverage').then((m) => m.CoveragePage));
const HealthPage = lazy(() => import('./pages/health').then((m) => m.HealthPage));
const GovernancePage = lazy(() => import('./pages/governance').then((m) => m.GovernancePage));
const EquipmentPage = lazy(() => import('./pages/equipment').then((m) => m.EquipmentPage));
const ImportsPage = lazy(() => import('./pages/imports').then((m) => m.ImportsPage));
const ImportJobPage = lazy(() => import('./pages/imports').then((m) => m.ImportJobPage));
const RecordPage = lazy(() => import('./pages/record').then((m) => m.RecordPage));
const SearchPage = lazy(() => import('./pages/search').then((m) => m.SearchPage));
const ApiKeysPage = lazy(() => import('./pages/api-keys').then((m) => m.ApiKeysPage));
const AuditPage = lazy(() => import('./pages/audit').then((m) => m.AuditPage));

/** the header's sections, each shown to those whose roles allow what it is for */
const SECTIONS: readonly [string, string, Permission][] = [
  ['/health', 'Thread health', 'read'],
  ['/equipment', 'Live equipment', 'read'],
  ['/impact', 'Change impact', 'read'],
  ['/coverage', 'Coverage', 'read'],
  ['/governance', 'Governance', 'read'],
  ['/imports', 'Imports', 'import'],
  ['/admin/keys', 'API keys', 'configure'],
  ['/audit', 'Audit trail', 'audit'],
];

export function App() {
  const [config, setConfig] = useState<AuthConfig | Error | undefined>(undefined);
  useEffect(() => {
    loadAuthConfig().then(setConfig, (e: unknown) =>
      setConfig(e instanceof Error ? e : new Error(String(e))),
    );
  }, []);
  if (config === undefined) {
    return (
      <Frame>
        <Loading what="threadgraph" />
      </Frame>
    );
  }
  if (config instanceof Error) {
    return (
      <Frame>
        <ErrorBox
          error={
            new ApiError(`the threadgraph server does not answer: ${config.message}`, 'UNAVAILABLE')
          }
        />
      </Frame>
    );
  }
  if (config.signIn === 'off') {
    return (
      <Frame access={LOCAL_ACCESS}>
        <Pages />
      </Frame>
    );
  }
  return <SignInGate config={config} />;
}

/** With sign-in required: the sign-in page until the server accepts the tab's credential. */
function SignInGate({ config }: { config: AuthConfig }) {
  const [location, navigate] = useLocation();
  const [credential, setCredential] = useState<Credential | undefined>(currentCredential);
  const [notice, setNotice] = useState<Notice | undefined>(undefined);
  const [who, setWho] = useState<{ for: string; me?: Me; error?: ApiError } | undefined>();
  useEffect(() => {
    const stopChange = onCredentialChange(() => {
      const now = currentCredential();
      setCredential(now);
      if (now) setNotice(undefined);
    });
    // a 401 anywhere: the token expired or the key was revoked
    const stopLost = onSignInLost((message) => {
      setNotice({ tone: 'error', text: `Sign in again: ${message}.` });
      forgetCredential();
    });
    return () => {
      stopChange();
      stopLost();
    };
  }, []);
  useEffect(() => {
    if (credential === undefined) return undefined;
    let live = true;
    request(ME).then(
      (d) => live && setWho({ for: credential.value, me: d.me }),
      (e: unknown) =>
        live &&
        setWho({
          for: credential.value,
          error: e instanceof ApiError ? e : new ApiError(String(e), 'INTERNAL'),
        }),
    );
    return () => {
      live = false;
    };
  }, [credential?.value]);

  if (location === CALLBACK_PATH) {
    return (
      <Frame>
        <SignedInPage
          onFailed={(text, returnTo) => {
            setNotice({ tone: 'error', text });
            navigate(returnTo, { replace: true });
          }}
        />
      </Frame>
    );
  }
  if (credential === undefined) {
    return (
      <Frame>
        <SignInPage config={config} notice={notice} />
      </Frame>
    );
  }
  const current = who?.for === credential.value ? who : undefined;
  if (current?.me === undefined) {
    return (
      <Frame>
        {current?.error ? <ErrorBox error={current.error} /> : <Loading what="who you are" />}
      </Frame>
    );
  }
  const access = accessOf(current.me, () => {
    forgetCredential();
    setNotice({ tone: 'info', text: 'You signed out: this tab no longer holds your sign-in.' });
  });
  return (
    <Frame access={access}>
      <Pages />
    </Frame>
  );
}

/** The page around the routes; without `access` (before sign-in) only the brand is in the header. */
function Frame({ access, children }: { access?: Access; children: ComponentChildren }) {
  const [location] = useLocation();
  const local = access !== undefined && !access.signInRequired;
  const me = access?.me;
  return (
    <AccessContext.Provider value={access ?? LOCAL_ACCESS}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      {local ? (
        <div class="no-sign-in" role="note">
          This server has no sign-in: everyone who can reach it is treated as its local admin — fine
          on 127.0.0.1 only.
        </div>
      ) : null}
      <header class="top">
        <div class="top-row">
          <Link href="/" class="brand" aria-label="threadgraph, home">
            threadgraph
          </Link>
          {access?.can('read') ? <SearchBox /> : null}
          {me && access ? (
            <div class="who">
              <span class="who-name">{whoName(me)}</span>
              <span class="who-detail">
                {me.roles.length > 0 ? me.roles.join(', ') : 'no role'} ·{' '}
                {me.sites ? (me.sites.length > 0 ? me.sites.join(', ') : 'no site') : 'every site'}
              </span>
              <button type="button" class="secondary sign-out" onClick={() => access.signOut()}>
                Sign out
              </button>
            </div>
          ) : null}
        </div>
        {access ? (
          <nav aria-label="Sections">
            <ul>
              {SECTIONS.filter(([, , p]) => access.can(p)).map(([href, label]) => (
                <li key={href}>
                  <Link href={href} aria-current={location.startsWith(href) ? 'page' : undefined}>
                    {label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : (
          <div class="nav-space" />
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer class="foot">
        <span>
          threadgraph ·{' '}
          {local
            ? 'local mode, no sign-in'
            : me
              ? `signed in as ${whoName(me)}`
              : 'sign-in required'}
        </span>
        {local ? <a href="/graphql">GraphQL</a> : null}
      </footer>
    </AccessContext.Provider>
  );
}

function Pages() {
  return (
    <Switch>
      <Route path="/" component={HomePage} />
      <Route path="/search">
        <SearchPage />
      </Route>
      <Route path="/unit/:serial">
        {(p) => <UnitPage serial={decodeURIComponent(p.serial)} />}
      </Route>
      <Route path="/genealogy/:kind/:id">
        {(p) => (
          <GenealogyPage kind={p.kind === 'lot' ? 'lot' : 'serial'} id={decodeURIComponent(p.id)} />
        )}
      </Route>
      <Route path="/impact/:id?">
        {(p) => <ImpactPage id={p.id ? decodeURIComponent(p.id) : undefined} />}
      </Route>
      <Route path="/coverage/:part?/:revision?">
        {(p) => (
          <CoveragePage
            part={p.part ? decodeURIComponent(p.part) : undefined}
            revision={p.revision ? decodeURIComponent(p.revision) : undefined}
          />
        )}
      </Route>
      <Route path="/health">
        <HealthPage />
      </Route>
      <Route path="/equipment">
        <EquipmentPage />
      </Route>
      <Route path="/governance">
        <GovernancePage />
      </Route>
      <Route path="/imports">
        <ImportsPage />
      </Route>
      <Route path="/imports/:id">{(p) => <ImportJobPage id={decodeURIComponent(p.id)} />}</Route>
      <Route path="/record/:kind/*">
        {(p) => <RecordPage kind={decodeURIComponent(p.kind)} keyPath={p['*'] ?? ''} />}
      </Route>
      <Route path="/admin/keys">
        <ApiKeysPage />
      </Route>
      <Route path="/audit">
        <AuditPage />
      </Route>
      <Route component={NotFoundPage} />
    </Switch>
  );
}
