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
import { useServer } from 'graphql-ws/use/ws';
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { csvRow } from '../domain/csv';
import { ThreadgraphError } from '../domain/errors';
import { checkJobId } from '../services/import-jobs';
import { hostAllowed, hostPolicy, refusedHost } from './allowed-hosts';
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
  const apollo = new ApolloServer({
    schema,
    introspection: true,
    // main.ts owns SIGINT/SIGTERM: Apollo's own handler would re-raise the signal mid-shutdown
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !options.production,
    formatError: (formatted, error) => formatError(formatted, error, options),
    // no HTTP caching of answers (they change with every import), so no per-field cache hints
    plugins: [
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
    handle(req, res).catch((e: unknown) => {
      const known = e instanceof ThreadgraphError;
      if (!known || e.code === 'INTERNAL') options.logger.error({ err: e }, 'request failed');
      if (res.headersSent) {
        res.end();
        return;
      }
      if (known) {
        const status =
          { NOT_FOUND: 404, INVALID_INPUT: 400, UNAVAILABLE: 503 }[e.code as string] ?? 500;
        sendJson(res, status, { error: e.message, code: e.code });
      } else send(res, 500, 'text/plain', 'internal error');
    });
  });

  const hosts = hostPolicy(options.host, options.allowedHosts ?? []);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, hosts)) {
      return send(res, 421, 'text/plain', `${refusedHost(req.headers.host)}\n`);
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (url.pathname === '/exports/recall.csv') {
      if (method !== 'GET') return send(res, 405, 'text/plain', 'GET only');
      return recallCsv(res, url);
    }
    if (url.pathname === '/healthz') {
      try {
        await options.healthCheck();
        return sendJson(res, 200, { status: 'ok' });
      } catch (e) {
        return sendJson(res, 503, { status: 'unavailable', error: (e as Error).message });
      }
    }
    if (url.pathname === '/metrics' && method === 'GET') {
      return send(res, 200, metrics.contentType, await metrics.render());
    }
    if (url.pathname === '/events') {
      if (method !== 'POST') return send(res, 405, 'text/plain', 'POST CloudEvents here');
      if (jobs === undefined) throw noJobs();
      const body = await readBody(req, MAX_EVENTS_BYTES);
      if (body === undefined)
        return sendJson(res, 413, { error: `at most ${MAX_EVENTS_BYTES} bytes a request` });
      const answer = await eventsRoute(req.headers, body, jobs, options.home);
      return sendJson(res, answer.status, answer.body);
    }
    const dhr = DHR.exec(url.pathname);
    if (dhr && method === 'GET') {
      return deviceHistoryRecord(
        res,
        decodeURIComponent(dhr[1] as string),
        dhr[2] as 'pdf' | 'csv' | 'json',
      );
    }
    const rejected = REJECTED_CSV.exec(url.pathname);
    if (rejected && method === 'GET') return rejectedCsv(res, rejected[1] as string);
    if (url.pathname === GRAPHQL_PATH) return graphql(req, res, url);
    if (method === 'GET' || method === 'HEAD') {
      // every other page is the browser app's
      if (await serveApp(url.pathname, res, method === 'HEAD')) return;
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
  async function recallCsv(res: ServerResponse, url: URL): Promise<void> {
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
  }

  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
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
    try {
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: req.method?.toUpperCase() ?? 'GET',
          headers,
          search: url.search,
          body,
        },
        context: () => Promise.resolve({ jobs, live: services.live }),
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
  const wss = new WebSocketServer({
    server: httpServer,
    path: GRAPHQL_PATH,
    verifyClient: ({ req }: { req: IncomingMessage }) => hostAllowed(req.headers.host, hosts),
  });
  ws.server = useServer(
    {
      schema,
      context: () => ({ jobs, live: services.live }),
      onError: (_ctx, _id, _payload, errors) => {
        options.logger.warn({ errors: errors.map((e) => e.message) }, 'subscription failed');
      },
    },
    wss,
  );
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
    if (original.code === 'INTERNAL' || original.code === 'UNAVAILABLE') {
      options.logger.error({ err: original }, 'resolver failed');
    }
    return {
      ...formatted,
      message: original.message,
      extensions: { ...formatted.extensions, code: original.code },
    };
  }
  if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
    options.logger.error({ err: original }, 'unexpected resolver error');
    return {
      message: 'internal error',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: {
        code: 'INTERNAL',
        ...(options.production ? {} : { stacktrace: formatted.extensions.stacktrace }),
      },
    };
  }
  return formatted;
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
