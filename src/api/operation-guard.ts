/**
 * What every GraphQL operation passes before it runs, over HTTP (an Apollo plugin) and over
 * WebSocket (graphql-ws's onSubscribe): its size (limits.ts), then the access policy for each of
 * its root fields (access-policy.ts). Both run on the parsed operation with its variables, so a
 * refused operation reads nothing.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { GraphQLError } from 'graphql';
import type { Identity } from '../domain/access';
import { ThreadgraphError } from '../domain/errors';
import type { SiteLookup } from './access-policy';
import { authorizeOperation } from './access-policy';
import type { QueryLimits } from './limits';
import { limitError, measureOperation } from './limits';
import type { RequestContext } from './request-context';

const STATUS: Readonly<Record<string, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  QUERY_TOO_LARGE: 400,
  RATE_LIMITED: 429,
};

export interface GuardOptions {
  readonly schema: GraphQLSchema;
  readonly limits: QueryLimits;
  readonly lookup: SiteLookup;
}

/** Throws a GraphQLError with a code (and the HTTP status Apollo answers with) when refused. */
export async function guardOperation(
  options: GuardOptions,
  identity: Identity,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): Promise<void> {
  const tooLarge = limitError(
    measureOperation(options.schema, operation, document, variables),
    options.limits,
  );
  if (tooLarge) throw withStatus(tooLarge);
  try {
    await authorizeOperation(
      identity,
      options.schema,
      document,
      operation,
      variables,
      options.lookup,
    );
  } catch (e) {
    if (e instanceof ThreadgraphError && e.code !== 'INTERNAL' && e.code !== 'UNAVAILABLE') {
      throw withStatus(new GraphQLError(e.message, { extensions: { code: e.code } }));
    }
    throw e;
  }
}

function withStatus(error: GraphQLError): GraphQLError {
  const code = String(error.extensions.code);
  return new GraphQLError(error.message, {
    extensions: { ...error.extensions, http: { status: STATUS[code] ?? 400 } },
  });
}

export function guardPlugin(options: GuardOptions): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: async ({ document, operation, request, contextValue }) => {
          if (operation === null || operation === undefined) return;
          await guardOperation(
            options,
            contextValue.identity,
            document,
            operation,
            request.variables,
          );
        },
      }),
  };
}
