/** The one place Neo4j driver errors become ThreadgraphErrors. */
import { Neo4jError } from 'neo4j-driver';
import { ThreadgraphError } from '../domain/errors';

export function fromNeo4jError(error: unknown): ThreadgraphError {
  if (error instanceof ThreadgraphError) return error;
  if (error instanceof Neo4jError) {
    const code = error.code ?? '';
    if (
      code === 'ServiceUnavailable' ||
      code === 'SessionExpired' ||
      code.startsWith('Neo.TransientError')
    ) {
      return new ThreadgraphError('UNAVAILABLE', `Neo4j is unavailable: ${error.message}`, {
        cause: error,
      });
    }
    if (code.startsWith('Neo.ClientError.Security')) {
      return new ThreadgraphError(
        'UNAVAILABLE',
        `Neo4j refused the credentials (NEO4J_USER and NEO4J_PASSWORD; for the local Neo4j, the ` +
          `password in THREADGRAPH_HOME/instances/local/neo4j-password): ${error.message}`,
        { cause: error },
      );
    }
    if (code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
      return new ThreadgraphError('INVALID_INPUT', error.message, { cause: error });
    }
    return new ThreadgraphError('INTERNAL', `Neo4j ${code}: ${error.message}`, { cause: error });
  }
  return new ThreadgraphError('INTERNAL', (error as Error)?.message ?? String(error), {
    cause: error,
  });
}
