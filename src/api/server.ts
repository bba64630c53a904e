/**
 * The HTTP face: GraphQL at /graphql (Apollo Server 5 over node:http), the landing page at /, a
 * health check at /healthz. Errors leave with a string extensions.code; errors we did not expect
 * are masked, with stacks only outside production. stop() drains open requests.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ThreadgraphError } from '../domain/errors';
import { landingPage } from './landing-page';
import type { ApiServices } from './schema';
import { buildApiSchema } from './schema';

const GRAPHQL_PATH = '/graphql';
const MAX_BODY_BYTES = 1 << 20;

export interface ApiOptions {
  readonly host: string;
  readonly port: number;
  readonly production: boolean;
  readonly logger: Logger;
  /** answers /healthz: rejects when the graph is unreachable */
  readonly healthCheck: () => Promise<void>;
}

export interface RunningApi {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startApi(services: ApiServices, options: ApiOptions): Promise<RunningApi> {
  const schema = await buildApiSchema(services);
  const httpServer = createServer();
  const landing: ApolloServerPlugin = {
    serverWillStart: () =>
      Promise.resolve({
        renderLandingPage: () => Promise.resolve({ html: landingPage(GRAPHQL_PATH) }),
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
      options.logger.error({ err: e }, 'request failed');
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
      return send(res, 200, 'text/html; charset=utf-8', landingPage(GRAPHQL_PATH));
    }
    if (url.pathname === '/healthz') {
      try {
        await options.healthCheck();
        return send(res, 200, 'application/json', '{"status":"ok"}');
      } catch (e) {
        return send(
          res,
          503,
          'application/json',
          JSON.stringify({ status: 'unavailable', error: (e as Error).message }),
        );
      }
    }
    if (url.pathname !== GRAPHQL_PATH) return send(res, 404, 'text/plain', 'not found');

    let body: unknown;
    if (req.method === 'POST') {
      const text = await readBody(req);
      if (text === undefined) return send(res, 413, 'text/plain', 'request body too large');
      try {
        body = text === '' ? {} : JSON.parse(text);
      } catch {
        return send(
          res,
          400,
          'application/json',
          JSON.stringify({
            errors: [{ message: 'body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
          }),
        );
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method?.toUpperCase() ?? 'GET',
        headers,
        search: url.search,
        body,
      },
      context: () => Promise.resolve({}),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    stop: () => apollo.stop(),
  };
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

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
