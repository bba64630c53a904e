/**
 * The HTTP face: GraphQL at /graphql (Apollo Server 5 over node:http; subscriptions over
 * graphql-ws on the same path; file uploads by the GraphQL multipart request convention), the
 * landing page at /, /healthz, /metrics (Prometheus), POST /events (CloudEvents) and the rejected
 * lines of an import job as CSV. Errors leave with a string extensions.code; errors we did not
 * expect are masked, with stacks only outside production. stop() drains open requests.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Identity } from '../domain/access';
import { csvRow } from '../domain/csv';
import { ThreadgraphError } from '../domain/errors';
import { checkJobId } from '../services/import-jobs';
import type { Need } from './access-policy';
import { authorize, ROUTES } from './access-policy';
import { hostAllowed, hostPolicy, refusedHost } from './allowed-hosts';
import type { QueryLimits } from './limits';
import { PARSE_OPTIONS, requestTooLarge } from './limits';
import { guardPlugin } from './operation-guard';
import type { RequestContext } from './request-context';
import type { RateLimiter, SignIn } from './sign-in';
import { serveSubscriptions } from './subscriptions';
import { eventsRoute } from './events-route';
import { dhrFileName } from '../domain/dhr';
import { dhrCsv } from '../export/dhr-csv';
import { renderDhrPdf } from '../export/dhr-pdf';
import { landingPage } from './landing-page';
import { serveApp } from './static-app';
import type { Metrics } from './metrics';
import { createMetrics } from './metrics';
import type { ApiServices } from './schema';
import type { ReadingTelemetry } from '../services/reading-sink';
import { buildApiSchema } from './schema';
import { MultipartError, parseMultipart } from './upload';

const GRAPHQL_PATH = '/graphql';
const MAX_BODY_BYTES = 1 << 20;
const MAX_EVENTS_BYTES = 32 << 20;
const REJECTED_CSV = /^\/imports\/([^/]+)\/rejected\.csv$/;
const DHR = /^\/dhr\/([^/]+)\.(pdf|csv|json)$/;

export interface ApiOptions {
  /** the live-readings figures of every collector and writer, for /metrics */
  readonly readingTelemetry?: ReadingTelemetry;
  readonly host: string;
  readonly port: number;
  /** Host names answered besides the loopback ones (allowed-hosts.ts) */
  readonly allowedHosts?: readonly string[];
  readonly production: boolean;
  readonly logger: Logger;
  /** answers /healthz: rejects when the graph is unreachable */
  readonly healthCheck: () => Promise<void>;
  /** THREADGRAPH_HOME: uploads and received events are kept under it */
  readonly home: string;
  readonly uploadMaxBytes: number;
  /** who each request is (sign-in.ts): the local user when no sign-in is configured */
  readonly signIn: SignIn;
  readonly limits: QueryLimits;
  readonly rateLimiter: RateLimiter;
  /** what the web app needs to sign in, served at /auth/config (no secret in it) */
  readonly signInInfo: Readonly<Record<string, unknown>>;
  /** origins the web app may fetch from besides this server: the sign-in provider's, if any */
  readonly appConnectOrigins?: readonly string[];
  /** puts an action on the audit trail; never throws */
  readonly audit?: (
    identity: Identity,
    from: string | null,
    action: string,
    target: string | null,
    detail?: Record<string, string | number | boolean | null>,
  ) => Promise<void>;
}

export interface RunningApi {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startApi(services: ApiServices, options: ApiOptions): Promise<RunningApi> {
  const schema = await buildApiSchema(services);
  const httpServer = createServer();
  const jobs = services.jobs?.jobs;
  const metrics: Metrics = await createMetrics(jobs, options.readingTelemetry);
  // subscriptions are attached once the server listens: a busy port stays the listen's one error
  const ws: { server?: { dispose: () => void | Promise<void> } } = {};
  const landing: ApolloServerPlugin = {
    serverWillStart: () =>
      Promise.resolve({
        renderLandingPage: () => Promise.resolve({ html: landingPage(GRAPHQL_PATH) }),
        drainServer: async () => {
          await ws.server?.dispose();
        },
      }),
  };
  const guard = { schema, limits: options.limits, lookup: services.records };
  const signedIn = options.signIn.required;
  const context = (
    identity: Identity,
    req: IncomingMessage,
    correlationId?: string,
  ): RequestContext => {
    const from = req.socket.remoteAddress ?? null;
    return {
      identity,
      from,
      signInRequired: signedIn,
      correlationId: correlationId ?? randomUUID(),
      jobs,
      live: services.live,
      audit: async (action, target, detail) => {
        await options.audit?.(identity, from, action, target, detail);
      },
    };
  };
  const apollo = new ApolloServer<RequestContext>({
    schema,
    // with sign-in, the schema is not handed to whoever asks, nor hinted at in errors
    introspection: !signedIn,
    hideSchemaDetailsFromClientErrors: signedIn,
    allowBatchedHttpRequests: false,
    parseOptions: PARSE_OPTIONS,
    // main.ts owns SIGINT/SIGTERM: Apollo's own handler would re-raise the signal mid-shutdown
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !options.production,
    formatError: (formatted, error) => formatError(formatted, error, options),
    // no HTTP caching of answers (they change with every import), so no per-field cache hints
    plugins: [
      guardPlugin(guard),
      correlationPlugin(options),
      landing,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginCacheControlDisabled(),
    ],
    logger: {
      debug: (m) => options.logger.debug(m),
      info: (m) => options.logger.info(m),
      warn: (m) => options.logger.warn(m),
      error: (m) => options.logger.error(m),
    },
  });
  await apollo.start();

  httpServer.on('request', (req, res) => {
    // every answer carries an id the log carries too: a user quotes it, the operator finds it
    const correlationId = randomUUID();
    res.setHeader('x-correlation-id', correlationId);
    handle(req, res, correlationId).catch((e: unknown) => {
      const known = e instanceof ThreadgraphError && e.code !== 'INTERNAL';
      if (!known) options.logger.error({ err: e, correlationId }, 'request failed');
      if (res.headersSent) {
        res.end();
        return;
      }
      if (known) {
        const status = HTTP_STATUS[e.code] ?? 500;
        if (e.code === 'UNAUTHENTICATED') res.setHeader('www-authenticate', 'Bearer');
        sendJson(res, status, { error: e.message, code: e.code });
      } else sendJson(res, 500, { error: 'internal error', code: 'INTERNAL', correlationId });
    });
  });

  const hosts = hostPolicy(options.host, options.allowedHosts ?? []);

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    correlationId: string,
  ): Promise<void> {
    if (!hostAllowed(req.headers.host, hosts)) {
      return send(res, 421, 'text/plain', `${refusedHost(req.headers.host)}\n`);
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (url.pathname === '/healthz') {
      try {
        await options.healthCheck();
        return sendJson(res, 200, { status: 'ok' });
      } catch (e) {
        // with sign-in, whoever probes does not learn where the database is
        return sendJson(res, 503, {
          status: 'unavailable',
          ...(signedIn ? {} : { error: (e as Error).message }),
        });
      }
    }
    if (url.pathname === '/auth/config' && method === 'GET') {
      return sendJson(res, 200, options.signInInfo);
    }
    const isData =
      url.pathname === GRAPHQL_PATH ||
      url.pathname === '/exports/recall.csv' ||
      url.pathname === '/metrics' ||
      url.pathname === '/events' ||
      DHR.test(url.pathname) ||
      REJECTED_CSV.test(url.pathname);
    // the app's pages and the landing page hold no data: they load before anyone signs in
    if (!isData) return staticPage(res, url, method);
    const identity = await options.signIn.identify(
      req.headers.authorization,
      req.socket.remoteAddress ?? null,
    );
    const wait = options.rateLimiter.take(identity);
    if (wait > 0) {
      res.setHeader('retry-after', String(wait));
      throw new ThreadgraphError('RATE_LIMITED', `too many requests: try again in ${wait} s`);
    }
    const ctx = context(identity, req, correlationId);
    const allow = (what: string, rule: Need, args: Record<string, unknown>) =>
      authorize(identity, what, rule, args, services.records);
    if (url.pathname === '/exports/recall.csv') {
      if (method !== 'GET') return send(res, 405, 'text/plain', 'GET only');
      await allow('the recall CSV', ROUTES.recallCsv, Object.fromEntries(url.searchParams));
      return recallCsv(res, url, ctx);
    }
    if (url.pathname === '/metrics' && method === 'GET') {
      await allow('/metrics', ROUTES.metrics, {});
      return send(res, 200, metrics.contentType, await metrics.render());
    }
    if (url.pathname === '/events') {
      if (method !== 'POST') return send(res, 405, 'text/plain', 'POST CloudEvents here');
      await allow('POST /events', ROUTES.events, {});
      if (jobs === undefined) throw noJobs();
      const body = await readBody(req, MAX_EVENTS_BYTES);
      if (body === undefined)
        return sendJson(res, 413, { error: `at most ${MAX_EVENTS_BYTES} bytes a request` });
      const answer = await eventsRoute(req.headers, body, jobs, options.home);
      if (answer.status < 300) await ctx.audit('import.events', null, { status: answer.status });
      return sendJson(res, answer.status, answer.body);
    }
    const dhr = DHR.exec(url.pathname);
    if (dhr && method === 'GET') {
      const serialNumber = decodeURIComponent(dhr[1] as string);
      await allow('the device history record', ROUTES.dhr, { serialNumber });
      await deviceHistoryRecord(res, serialNumber, dhr[2] as 'pdf' | 'csv' | 'json');
      await ctx.audit('export.dhr', serialNumber, { format: dhr[2] as string });
      return;
    }
    const rejected = REJECTED_CSV.exec(url.pathname);
    if (rejected && method === 'GET') {
      await allow('the rejected lines', ROUTES.rejectedCsv, {});
      await rejectedCsv(res, rejected[1] as string);
      await ctx.audit('export.rejected', decodeURIComponent(rejected[1] as string));
      return;
    }
    if (url.pathname === GRAPHQL_PATH) return graphql(req, res, url, ctx);
    return send(res, 404, 'text/plain', 'not found');
  }

  async function staticPage(res: ServerResponse, url: URL, method: string): Promise<void> {
    if (method === 'GET' || method === 'HEAD') {
      // every other page is the browser app's
      if (await serveApp(url.pathname, res, method === 'HEAD', options.appConnectOrigins)) return;
      if (url.pathname === '/') {
        return send(res, 200, 'text/html; charset=utf-8', landingPage(GRAPHQL_PATH));
      }
    }
    return send(res, 404, 'text/plain', 'not found');
  }

  /** The device history record of a serial, as PDF, CSV or JSON (see services/dhr-service). */
  async function deviceHistoryRecord(
    res: ServerResponse,
    serial: string,
    format: 'pdf' | 'csv' | 'json',
  ): Promise<void> {
    const record = await services.dhr.record(serial);
    if (record === null)
      throw new ThreadgraphError('NOT_FOUND', `no unit with serial number ${serial}`);
    const body =
      format === 'pdf'
        ? await renderDhrPdf(record)
        : format === 'csv'
          ? dhrCsv(record)
          : JSON.stringify(record, null, 2);
    res.statusCode = 200;
    res.setHeader('content-type', DHR_TYPES[format]);
    res.setHeader(
      'content-disposition',
      `attachment; filename="${dhrFileName(record.header.serialNumber, format).replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    );
    res.setHeader('x-content-hash', record.contentHash);
    res.end(body);
  }

  /** The whole recall scope of a lot or serial as CSV: exactly the units traceForward lists. */
  async function recallCsv(res: ServerResponse, url: URL, ctx: RequestContext): Promise<void> {
    const lotNumber = url.searchParams.get('lotNumber');
    const serialNumber = url.searchParams.get('serialNumber');
    if ((lotNumber === null) === (serialNumber === null)) {
      throw new ThreadgraphError('INVALID_INPUT', 'give lotNumber or serialNumber');
    }
    const target = lotNumber !== null ? { lotNumber } : { serialNumber };
    // one walk: the first page's cursor pages the list it keeps
    let page = await services.trace.forward(target, 1000, null);
    if (!page.found) {
      throw new ThreadgraphError(
        'NOT_FOUND',
        `no ${lotNumber !== null ? `lot ${lotNumber}` : `serial ${serialNumber}`}`,
      );
    }
    const name = (lotNumber ?? serialNumber ?? 'recall').replace(/[^A-Za-z0-9._-]/g, '_');
    res.statusCode = 200;
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="recall-${name}.csv"`);
    res.write(
      csvRow(['serialNumber', 'partNumber', 'depth', 'via', 'status', 'shipmentId', 'customer']),
    );
    for (;;) {
      for (const u of page.nodes) {
        res.write(
          csvRow([
            u.serialNumber,
            u.partNumber,
            u.depth,
            u.viaId,
            u.status,
            u.shipmentId,
            u.customer,
          ]),
        );
      }
      if (!page.pageInfo.hasNextPage) break;
      page = await services.trace.forward(target, 1000, page.pageInfo.endCursor);
    }
    res.end();
    await ctx.audit('export.recall', lotNumber ?? serialNumber, {
      by: lotNumber !== null ? 'lot' : 'serial',
    });
  }

  async function graphql(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    ctx: RequestContext,
  ): Promise<void> {
    let body: unknown;
    let uploaded: readonly string[] = [];
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    if (req.method === 'POST' && type.startsWith('multipart/form-data')) {
      // a form post needs no preflight: without one of these headers it could come from any page
      if (!req.headers['apollo-require-preflight'] && !req.headers['x-apollo-operation-name']) {
        return sendJson(res, 400, {
          errors: [
            {
              message:
                'a multipart request must carry the header apollo-require-preflight: true (or x-apollo-operation-name)',
              extensions: { code: 'BAD_REQUEST' },
            },
          ],
        });
      }
      if (jobs === undefined) throw noJobs();
      try {
        const parsed = await parseMultipart(req, {
          dir: join(options.home, 'uploads', 'receiving'),
          maxFileBytes: options.uploadMaxBytes,
        });
        body = parsed.body;
        uploaded = parsed.files;
      } catch (e) {
        if (!(e instanceof MultipartError)) throw e;
        return sendJson(res, 400, {
          errors: [{ message: e.message, extensions: { code: 'BAD_REQUEST' } }],
        });
      }
      headers.set('content-type', 'application/json');
    } else if (req.method === 'POST') {
      const text = await readBody(req, MAX_BODY_BYTES);
      if (text === undefined) return send(res, 413, 'text/plain', 'request body too large');
      try {
        body = text.length === 0 ? {} : JSON.parse(text.toString('utf8'));
      } catch {
        return sendJson(res, 400, {
          errors: [{ message: 'body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
        });
      }
    }
    const tooLarge = preflight(body, url);
    if (tooLarge) {
      return sendJson(res, 400, {
        errors: [{ message: tooLarge.message, extensions: tooLarge.extensions }],
      });
    }
    try {
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: req.method?.toUpperCase() ?? 'GET',
          headers,
          search: url.search,
          body,
        },
        context: () => Promise.resolve(ctx),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } finally {
      // an upload a resolver kept was moved away; what is left was not used
      await Promise.all(uploaded.map((f) => rm(f, { force: true })));
    }
  }

  /** A request too large is refused before Apollo parses it in full and validates it. */
  function preflight(body: unknown, url: URL) {
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      const b = body as Record<string, unknown>;
      return requestTooLarge(schema, b.query, b.operationName, b.variables, options.limits);
    }
    if (body !== undefined) return undefined;
    const variables = url.searchParams.get('variables');
    let parsed: unknown;
    try {
      parsed = variables === null ? undefined : JSON.parse(variables);
    } catch {
      parsed = undefined;
    }
    return requestTooLarge(
      schema,
      url.searchParams.get('query') ?? undefined,
      url.searchParams.get('operationName'),
      parsed,
      options.limits,
    );
  }

  async function rejectedCsv(res: ServerResponse, rawId: string): Promise<void> {
    if (jobs === undefined) throw noJobs();
    const id = checkJobId(decodeURIComponent(rawId));
    if ((await jobs.job(id)) === undefined)
      throw new ThreadgraphError('NOT_FOUND', `no import job ${id}`);
    res.statusCode = 200;
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${id}-rejected.csv"`);
    res.write(csvRow(['line', 'field', 'reason', 'excerpt']));
    for await (const r of jobs.rejectedLines(id)) {
      if (!res.write(csvRow([r.line, r.field, r.reason, r.excerpt]))) {
        await new Promise((resolve) => res.once('drain', resolve));
      }
    }
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  ws.server = serveSubscriptions({
    httpServer,
    path: GRAPHQL_PATH,
    schema,
    guard,
    signIn: options.signIn,
    hostAllowed: (host) => hostAllowed(host, hosts),
    context: (identity, req) => context(identity, req),
    logger: options.logger,
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    stop: async () => {
      metrics.close();
      await apollo.stop();
    },
  };
}

const DHR_TYPES = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const;

const HTTP_STATUS: Readonly<Record<string, number>> = {
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  UNAVAILABLE: 503,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
};

/**
 * An error we did not expect is logged with the request's correlation id, and the client gets
 * the id (and only the id) to quote.
 */
function correlationPlugin(options: ApiOptions): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didEncounterErrors: ({ errors, contextValue }) => {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            const ours = original instanceof ThreadgraphError;
            if (
              (ours && ['INTERNAL', 'UNAVAILABLE'].includes(original.code)) ||
              (!ours && !error.extensions.code)
            ) {
              options.logger.error(
                { err: original, correlationId: contextValue.correlationId, path: error.path },
                'resolver failed',
              );
            }
          }
          return Promise.resolve();
        },
        willSendResponse: ({ response, contextValue }) => {
          if (response.body.kind !== 'single') return Promise.resolve();
          for (const e of response.body.singleResult.errors ?? []) {
            if (e.extensions?.code === 'INTERNAL') {
              (e.extensions as Record<string, unknown>).correlationId = contextValue.correlationId;
            }
          }
          return Promise.resolve();
        },
      }),
  };
}

function noJobs(): ThreadgraphError {
  return new ThreadgraphError(
    'UNAVAILABLE',
    'import jobs are not available: this server has no Redis',
  );
}

/** Every error leaves with a string code; ours keep their message, unexpected ones are masked. */
function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: ApiOptions,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof ThreadgraphError) {
    if (original.code === 'INTERNAL') return masked(formatted, options);
    return {
      ...formatted,
      message: original.message,
      extensions: { ...formatted.extensions, code: original.code },
    };
  }
  if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') return masked(formatted, options);
  return formatted;
}

function masked(formatted: GraphQLFormattedError, options: ApiOptions): GraphQLFormattedError {
  return {
    message: 'internal error',
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: {
      code: 'INTERNAL',
      ...(options.production ? {} : { stacktrace: formatted.extensions?.stacktrace }),
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.statusCode = status;
  res.setHeader('content-type', type);
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json', JSON.stringify(body));
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
