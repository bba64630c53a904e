/**
 * GraphQL over WebSocket (graphql-ws) on the /graphql path. Apollo does not see these operations,
 * so the same checks are made here: the Host name on the upgrade, the identity from the
 * connection's `authorization` parameter (once, when it connects), and each operation's size and
 * access (operation-guard.ts) before it is subscribed.
 */
import type { GraphQLSchema } from 'graphql';
import { getOperationAST, GraphQLError, parse, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { IncomingMessage, Server } from 'node:http';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Identity } from '../domain/access';
import { ThreadgraphError } from '../domain/errors';
import type { GuardOptions } from './operation-guard';
import { PARSE_OPTIONS } from './limits';
import { guardOperation } from './operation-guard';
import type { RequestContext } from './request-context';
import type { SignIn } from './sign-in';

export interface SubscriptionOptions {
  readonly httpServer: Server;
  readonly path: string;
  readonly schema: GraphQLSchema;
  readonly guard: GuardOptions;
  readonly signIn: SignIn;
  readonly hostAllowed: (host: string | undefined) => boolean;
  readonly context: (identity: Identity, req: IncomingMessage) => RequestContext;
  readonly logger: Logger;
}

export function serveSubscriptions(options: SubscriptionOptions): { dispose(): Promise<void> } {
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    verifyClient: ({ req }: { req: IncomingMessage }) => options.hostAllowed(req.headers.host),
  });
  const identities = new WeakMap<object, Identity>();
  const server = useServer(
    {
      schema: options.schema,
      onConnect: async (ctx) => {
        const auth = ctx.connectionParams?.authorization;
        try {
          identities.set(
            ctx,
            await options.signIn.identify(
              typeof auth === 'string' ? auth : undefined,
              ctx.extra.request.socket.remoteAddress ?? null,
            ),
          );
          return true;
        } catch (e) {
          if (e instanceof ThreadgraphError && e.code === 'UNAUTHENTICATED') return false;
          throw e;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        const identity = identities.get(ctx);
        if (identity === undefined) return [new GraphQLError('not signed in')];
        let document;
        try {
          document = parse(payload.query, PARSE_OPTIONS);
        } catch (e) {
          return [e as GraphQLError];
        }
        const invalid = validate(options.schema, document);
        if (invalid.length > 0) return invalid;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [new GraphQLError('no operation to run in the document')];
        try {
          await guardOperation(
            options.guard,
            identity,
            document,
            operation,
            payload.variables ?? {},
          );
        } catch (e) {
          if (e instanceof GraphQLError) return [e];
          throw e;
        }
        return {
          schema: options.schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? {},
          contextValue: options.context(identity, ctx.extra.request),
        };
      },
      onError: (_ctx, _id, _payload, errors) => {
        options.logger.warn({ errors: errors.map((e) => e.message) }, 'subscription failed');
      },
    },
    wss,
  );
  return { dispose: async () => server.dispose() };
}
