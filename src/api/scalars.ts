import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { formatInstant, parseInstant } from '../domain/time';

/**
 * DateTime as the contract names it: ISO-8601, UTC on the way out (with as many fractional digits
 * as the source recorded), any zone on the way in.
 */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An ISO-8601 instant; answers are in UTC, inputs may carry any zone offset.',
  serialize(value) {
    if (typeof value !== 'string' || parseInstant(value) === undefined) {
      throw new GraphQLError(`DateTime cannot represent ${JSON.stringify(value)}`);
    }
    return formatInstant(parseInstant(value) as string);
  },
  parseValue(value) {
    const instant = typeof value === 'string' ? parseInstant(value) : undefined;
    if (instant === undefined) {
      throw new GraphQLError(`DateTime must be ISO-8601 with a zone, not ${JSON.stringify(value)}`);
    }
    return instant;
  },
  parseLiteral(ast) {
    const instant = ast.kind === Kind.STRING ? parseInstant(ast.value) : undefined;
    if (instant === undefined)
      throw new GraphQLError('DateTime must be an ISO-8601 string with a zone');
    return instant;
  },
});
