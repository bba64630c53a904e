/**
 * The frame of every page: a skip link, the header with the search box and the sections, the
 * page itself. Pages are routes; every record links to its own page.
 */
import { Link, Route, Switch, useLocation } from 'wouter-preact';
import { SearchBox } from './components/search-box';
import { lazy } from './lazy';
import { HomePage } from './pages/home';
import { NotFoundPage } from './pages/not-found';

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
const AuditPage = lazy(() => import('./pages/audit').then((m) => m.AuditPage));

const SECTIONS: readonly [string, string][] = [
  ['/health', 'Thread health'],
  ['/equipment', 'Live equipment'],
  ['/impact', 'Change impact'],
  ['/coverage', 'Coverage'],
  ['/governance', 'Governance'],
  ['/imports', 'Imports'],
];

export function App() {
  const [location] = useLocation();
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <div class="top-row">
          <Link href="/" class="brand" aria-label="threadgraph, home">
            threadgraph
          </Link>
          <SearchBox />
        </div>
        <nav aria-label="Sections">
          <ul>
            {SECTIONS.map(([href, label]) => (
              <li key={href}>
                <Link href={href} aria-current={location.startsWith(href) ? 'page' : undefined}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
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
              <GenealogyPage
                kind={p.kind === 'lot' ? 'lot' : 'serial'}
                id={decodeURIComponent(p.id)}
              />
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
          <Route path="/audit">
            <AuditPage />
          </Route>
          <Route path="/imports">
            <ImportsPage />
          </Route>
          <Route path="/imports/:id">
            {(p) => <ImportJobPage id={decodeURIComponent(p.id)} />}
          </Route>
          <Route path="/record/:kind/*">
            {(p) => <RecordPage kind={decodeURIComponent(p.kind)} keyPath={p['*'] ?? ''} />}
          </Route>
          <Route component={NotFoundPage} />
        </Switch>
      </main>
      <footer class="foot">
        <span>threadgraph · local mode, no sign-in</span>
        <a href="/graphql">GraphQL</a>
      </footer>
    </>
  );
}
