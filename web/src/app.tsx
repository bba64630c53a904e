/**
 * The frame of every page: a skip link, the header with the search box and the sections, the
 * page itself. Pages are routes; every record links to its own page.
 */
import { Link, Route, Switch, useLocation } from 'wouter-preact';
import { SearchBox } from './components/search-box';
import { CoveragePage } from './pages/coverage';
import { GenealogyPage } from './pages/genealogy';
import { GovernancePage } from './pages/governance';
import { HealthPage } from './pages/health';
import { HomePage } from './pages/home';
import { ImpactPage } from './pages/impact';
import { ImportJobPage, ImportsPage } from './pages/imports';
import { NotFoundPage } from './pages/not-found';
import { RecordPage } from './pages/record';
import { SearchPage } from './pages/search';
import { UnitPage } from './pages/unit';

const SECTIONS: readonly [string, string][] = [
  ['/health', 'Thread health'],
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
          <Route path="/search" component={SearchPage} />
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
          <Route path="/health" component={HealthPage} />
          <Route path="/governance" component={GovernancePage} />
          <Route path="/imports" component={ImportsPage} />
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
