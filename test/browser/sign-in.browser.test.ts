/**
 * The web app with sign-in required, in a real Chromium, against a real server and a real OpenID
 * Connect provider (test/support/oidc-provider.ts): a quality engineer of PLANT-A signs in through
 * the provider (authorization code + PKCE, the provider's development sign-in and consent forms),
 * comes back to the unit they asked for, downloads its device history record with their token,
 * is refused a PLANT-B unit in words, and signs out; a dashboard's API key pasted in; an admin
 * makes and revokes a key; axe on the sign-in and keys pages; screenshots (tmp/screenshots).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import type { RunningApi } from '../../src/api/server';
import { loadConfig } from '../../src/config';
import { demoLines } from '../../src/demo/generate';
import type { Executor } from '../../src/graph/executor';
import type { Services } from '../../src/main';
import { createServices, serve } from '../../src/main';
import { launch, screenshot, seriousViolations } from '../support/browser';
import { writeLines } from '../support/canonical';
import { clearGraph, runInTestGraph, testExecutor, testTarget } from '../support/neo4j-for-tests';
import type { TestOidcProvider } from '../support/oidc-provider';
import { startOidcProvider } from '../support/oidc-provider';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..');
const AUDIENCE = 'urn:threadgraph:api';
const CLIENT_ID = 'threadgraph-web';
/** what the provider puts in the access token of each login typed into its sign-in form */
const USERS = { eve: { name: 'Eve Engineer', roles: ['engineer'], sites: ['PLANT-A'] } };
const logger = pino({ level: 'silent' });
let executor: Executor;
let services: Services;
let provider: TestOidcProvider;
let api: RunningApi;
let browser: Browser;
let base: string;
/** a unit of each site */
const at = { A: '', B: '' };
const keys = { viewer: '', admin: '' };

/** A port nothing listens on now: the provider must know the app's redirect URI before the app starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'web', 'dist', 'index.html'))) {
    const built = spawnSync('npm', ['run', 'build:web'], { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0)
      throw new Error(`the web app does not build:\n${built.stdout}${built.stderr}`);
  }
  executor = await testExecutor();
  await clearGraph();
  services = createServices(executor);
  await services.imports.importCanonicalFile(writeLines([...demoLines({ units: 40, seed: 1 })]), {
    batchSize: 2000,
  });
  const rows = await runInTestGraph(
    `MATCH (u:Unit)-[:BUILT_UNDER]->(wo:WorkOrder) WHERE u.serialNumber STARTS WITH 'SN-'
     WITH wo.site AS site, min(u.serialNumber) AS serial RETURN site, serial ORDER BY site`,
  );
  at.A = String(rows.find((r) => r.site === 'PLANT-A')?.serial);
  at.B = String(rows.find((r) => r.site === 'PLANT-B')?.serial);
  expect(at.A).toMatch(/^SN-/);
  expect(at.B).toMatch(/^SN-/);

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({
    audience: AUDIENCE,
    clients: [],
    publicClients: [{ clientId: CLIENT_ID, redirectUris: [`${base}/signed-in`] }],
    users: USERS,
  });
  const config = loadConfig({
    PORT: String(port),
    LOG_LEVEL: 'silent',
    THREADGRAPH_HOME: mkdtempSync(join(tmpdir(), 'threadgraph-sign-in-')),
    NEO4J_URI: testTarget().uri,
    THREADGRAPH_OIDC_ISSUER: provider.issuer,
    THREADGRAPH_OIDC_AUDIENCE: AUDIENCE,
    THREADGRAPH_OIDC_WEB_CLIENT_ID: CLIENT_ID,
  });
  api = await serve(services, config, logger);
  keys.viewer = (
    await services.apiKeys.create(
      { name: 'dashboard-a', role: 'viewer', sites: ['PLANT-A'], expiresAt: null },
      'test',
    )
  ).key;
  keys.admin = (
    await services.apiKeys.create(
      { name: 'ops-admin', role: 'admin', sites: null, expiresAt: null },
      'test',
    )
  ).key;
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await provider?.stop();
  await executor?.close();
});

async function newPage(): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
  });
  page.on('pageerror', (e) => {
    throw e;
  });
  return page;
}

/** The sign-in page's "Use an API key" with this key. */
async function useKey(page: Page, key: string): Promise<void> {
  await page.getByLabel('API key', { exact: true }).fill(key);
  await page.getByRole('button', { name: 'Use this key' }).click();
}

/** What the server says this credential is (or its status when it refuses it). */
async function me(credential: string): Promise<unknown> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    body: JSON.stringify({ query: '{ me { subject roles sites } }' }),
  });
  return res.status === 200 ? ((await res.json()) as { data: unknown }).data : res.status;
}

describe('a quality engineer of PLANT-A signs in through the provider', () => {
  let page: Page;
  beforeAll(async () => {
    // one tab for the whole story: the sign-in lives in this tab's sessionStorage
    page = await newPage();
  });
  afterAll(async () => {
    await page?.close();
  });

  it('asks for a unit, is shown the sign-in page (no serious axe violation), and sees no data before signing in', async () => {
    await page.goto(`${base}/unit/${at.A}`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByText(`/unit/${at.A}`).waitFor();
    const host = new URL(provider.issuer).host;
    await page.getByRole('button', { name: `Sign in with ${host}` }).waitFor();
    await page.getByRole('heading', { name: 'Use an API key' }).waitFor();
    // no section, no search, no banner of a server without sign-in
    expect(await page.getByRole('navigation', { name: 'Sections' }).count()).toBe(0);
    expect(await page.locator('.no-sign-in').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    for (const viewport of [
      { width: 1400, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport);
      await screenshot(page, 'sign-in');
    }
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('signs in with the provider and comes back to the unit with its evidence chain, named in the header', async () => {
    await page.getByRole('button', { name: /^Sign in with / }).click();
    // the provider's development sign-in form: any login, any password; the login is the subject
    await page.locator('input[name="login"]').fill('eve');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/unit/${at.A}`);
    await page.getByRole('heading', { level: 1, name: at.A }).waitFor();
    await page.getByText(/^Evidence (complete|incomplete)/).waitFor();
    await page.locator('#build').waitFor();
    const who = page.locator('.who');
    expect(await who.locator('.who-name').textContent()).toBe('Eve Engineer');
    expect(await who.locator('.who-detail').textContent()).toBe('engineer · PLANT-A');
    // the token is this tab's, in sessionStorage, never in localStorage
    const stored = await page.evaluate(() => {
      const g = globalThis as unknown as { sessionStorage: Storage; localStorage: Storage };
      return {
        session: g.sessionStorage.getItem('threadgraph.credential'),
        local: g.localStorage.length,
      };
    });
    expect(JSON.parse(stored.session ?? '{}')).toMatchObject({ kind: 'token' });
    expect(stored.local).toBe(0);
    // an engineer imports but configures nothing
    const sections = await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link')
      .allTextContents();
    expect(sections).toContain('Imports');
    expect(sections).not.toContain('API keys');
    await screenshot(page, 'unit-signed-in');
  });

  it('downloads the device history record as PDF with the token', async () => {
    const link = page.getByRole('link', { name: 'Device history record (PDF)' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`DHR-${at.A}.pdf`);
    const file = join(mkdtempSync(join(tmpdir(), 'threadgraph-dl-')), download.suggestedFilename());
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // the same address without the token is refused: the file came through the credential
    expect((await fetch(`${base}/dhr/${at.A}.pdf`)).status).toBe(401);
  });

  it('is refused a PLANT-B unit, in words', async () => {
    await page.goto(`${base}/unit/${at.B}`);
    const alert = page.getByRole('alert');
    await alert.getByText('Not allowed for you').waitFor();
    expect(await alert.textContent()).toContain(`unit ${at.B} is not of a site Eve Engineer sees`);
  });

  it('signs out: the sign-in page comes back, and stays after a reload', async () => {
    await page.goto(`${base}/unit/${at.A}`);
    await page.getByRole('heading', { level: 1, name: at.A }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByText(/You signed out/).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as { sessionStorage: Storage }).sessionStorage.getItem(
          'threadgraph.credential',
        ),
      ),
    ).toBeNull();
  });
});

describe('sign-in that does not work, said in words', () => {
  it('a token the server no longer accepts brings the sign-in page back with its reason', async () => {
    const page = await newPage();
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    // what an expired token looks like to the app: a credential the server answers 401 to
    await page.evaluate(() =>
      (globalThis as unknown as { sessionStorage: Storage }).sessionStorage.setItem(
        'threadgraph.credential',
        JSON.stringify({ kind: 'token', value: 'eyJhbGciOiJSUzI1NiJ9.e30.expired' }),
      ),
    );
    await page.goto(`${base}/health`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/Sign in again: /);
    await page.close();
  });

  it("an error from the provider is said in words, with the provider's description", async () => {
    const page = await newPage();
    await page.goto(
      `${base}/signed-in?error=access_denied&error_description=End-User+aborted+interaction`,
    );
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    const alert = await page.getByRole('alert').textContent();
    expect(alert).toContain('The sign-in was declined');
    expect(alert).toContain('End-User aborted interaction');
    await page.close();
  });

  it('a key the server does not know is refused and not kept', async () => {
    const page = await newPage();
    await page.goto(`${base}/`);
    await useKey(page, 'tgk_0000000000000000_nope');
    await page
      .getByRole('alert')
      .getByText(/The server did not accept this key/)
      .waitFor();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.close();
  });
});

describe('API keys in the app', () => {
  it("a dashboard's viewer key pasted in reads its site's unit, and is offered no export", async () => {
    const page = await newPage();
    await page.goto(`${base}/unit/${at.A}`);
    await useKey(page, keys.viewer);
    await page.getByRole('heading', { level: 1, name: at.A }).waitFor();
    expect(await page.locator('.who .who-name').textContent()).toBe('API key dashboard-a');
    expect(await page.locator('.who .who-detail').textContent()).toBe('viewer · PLANT-A');
    await page
      .getByText(/The device history record needs the export permission \(engineer or admin\)/)
      .waitFor();
    expect(await page.getByRole('link', { name: 'Device history record (PDF)' }).count()).toBe(0);
    // a viewer imports nothing: no Imports section, and its page says why
    const sections = await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link')
      .allTextContents();
    expect(sections).not.toContain('Imports');
    await page.goto(`${base}/imports`);
    await page.getByText(/needs the import permission/).waitFor();
    expect(await page.getByRole('button', { name: 'Upload and import' }).count()).toBe(0);
    await page.close();
  });

  it('an admin makes a key on /admin/keys, sees it once, and revokes it after a confirmation', async () => {
    const page = await newPage();
    await page.goto(`${base}/admin/keys`);
    await useKey(page, keys.admin);
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'API keys' })
      .waitFor();
    await page.getByRole('cell', { name: 'dashboard-a', exact: true }).waitFor();

    await page.getByLabel('Name').fill('browser-made');
    await page.getByLabel('Role').selectOption('viewer');
    await page.getByLabel('Sites').fill('PLANT-A');
    await page.getByLabel('Expires in (days)').fill('30');
    await page.getByRole('button', { name: 'Make key' }).click();
    const made = page.getByRole('region', { name: 'New key browser-made' });
    await made.getByText('Copy it now: it is not shown again', { exact: false }).waitFor();
    const secret = (await made.locator('code').textContent()) ?? '';
    expect(secret).toMatch(/^tgk_[0-9a-f]{16}_/);
    await made.getByRole('button', { name: 'Copy key' }).click();
    await made
      .getByRole('status')
      .getByText(/Copied|Selected/)
      .waitFor();
    // the key works, as a viewer of PLANT-A
    expect(await me(secret)).toEqual({
      me: { subject: 'browser-made', roles: ['viewer'], sites: ['PLANT-A'] },
    });
    const row = page.getByRole('row', { name: /browser-made/ });
    await row.getByText('active').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    for (const viewport of [
      { width: 1400, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport);
      await screenshot(page, 'api-keys');
    }
    await page.setViewportSize({ width: 1400, height: 900 });

    await row.getByRole('button', { name: 'Revoke browser-made' }).click();
    const confirm = page.getByRole('group', { name: 'Revoke browser-made?' });
    await confirm.getByText(/cannot be restored/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Yes, revoke browser-made' }).click();
    await row.getByText(/revoked .* by ops-admin/).waitFor();
    expect(await row.getByRole('button', { name: 'Revoke browser-made' }).count()).toBe(0);
    // refused once the server's few seconds of remembering a checked key are over
    const deadline = Date.now() + 15_000;
    let answer: unknown;
    while ((answer = await me(secret)) !== 401 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(answer).toBe(401);
    await page.close();
  });

  it('an admin reads the audit trail: intact, with the key made and revoked by ops-admin', async () => {
    const page = await newPage();
    await page.goto(`${base}/audit`);
    await useKey(page, keys.admin);
    await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    await page
      .getByText(/intact/)
      .first()
      .waitFor();
    const events = page.getByRole('table', { name: 'Audit events, newest first' });
    await events
      .getByRole('row', { name: /ops-admin \(api-key\) api-key\.revoke browser-made/ })
      .waitFor();
    await events
      .getByRole('row', { name: /ops-admin \(api-key\) api-key\.create browser-made/ })
      .waitFor();
    // Eve's sign-in through the provider, and her PDF
    await events
      .getByRole('row', { name: /export\.dhr/ })
      .first()
      .waitFor();
    await page.getByLabel('Action').selectOption('sign-in');
    // the filtered page replaces the rows: the exports go, the sign-ins stay
    await events
      .getByRole('row', { name: /export\.dhr/ })
      .first()
      .waitFor({ state: 'detached' });
    await events.getByRole('row', { name: /ops-admin \(api-key\) sign-in/ }).waitFor();
    expect(await events.getByRole('row', { name: /api-key\.create/ }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'audit-signed-in');
    await page.close();
  });
});
