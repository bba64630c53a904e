/**
 * How much one GraphQL operation may ask (issue 13): its depth, its aliases and its cost, measured
 * on the parsed operation before anything runs, with the request's variables (a `first: $n` costs
 * what $n says). A request of 2 000 aliased evidence chains is refused here, in well under a
 * millisecond, instead of running 2 000 database statements.
 *
 * Cost: every field costs 1; a field that asks the graph a question (a root field, or any field
 * taking `first` or `limit`) costs QUESTION_COST more; a page (`first`/`limit`) multiplies what is
 * selected under it by its size. Fragments count where they are spread (a cycle is already a
 * validation error). Introspection counts like any other selection.
 */
import type {
  DocumentNode,
  ParseOptions,
  FragmentDefinitionNode,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
} from 'graphql';
import {
  getNamedType,
  getOperationAST,
  GraphQLError,
  isInterfaceType,
  isObjectType,
  Kind,
  OperationTypeNode,
  parse,
} from 'graphql';

export interface QueryLimits {
  /** fields nested inside each other, the root field being 1 */
  readonly maxDepth: number;
  /** aliased fields in the whole operation */
  readonly maxAliases: number;
  readonly maxCost: number;
}

/**
 * Tokens a request's document may hold: parsing stops there. 2 000 aliased questions are about
 * 18 000 tokens, 30 ms to parse and 60–180 ms to validate on this machine; stopped at 4 000 they
 * are refused in a few milliseconds. The web app's largest operation has a tenth of that
 * (limits.test.ts).
 */
export const MAX_TOKENS = 4000;

/** The web app's largest operation (a recall page of 1 000 units) costs about a third of these (limits.test.ts). */
export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 30, maxCost: 50_000 };

export const QUESTION_COST = 10;
const PAGE_ARGS = new Set(['first', 'limit']);

export interface OperationSize {
  readonly depth: number;
  readonly aliases: number;
  readonly cost: number;
}

/** Measures one operation of a document (the one named, or its only one). */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): OperationSize {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  }
  const root =
    operation.operation === OperationTypeNode.QUERY
      ? schema.getQueryType()
      : operation.operation === OperationTypeNode.MUTATION
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  let aliases = 0;
  let depth = 0;

  const pageSize = (value: ValueNode, byDefault: number): number => {
    const v =
      value.kind === Kind.VARIABLE
        ? variables?.[value.name.value]
        : value.kind === Kind.INT
          ? Number(value.value)
          : undefined;
    if (v === undefined || v === null) return Math.max(byDefault, 1);
    return typeof v === 'number' && Number.isFinite(v) && v > 1 ? v : 1;
  };

  /** the cost of a selection set under a parent type, at a depth; spreads met on this path */
  const walk = (
    set: SelectionSetNode,
    parent: ReturnType<GraphQLSchema['getType']>,
    level: number,
    spreads: ReadonlySet<string>,
  ): number => {
    let cost = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        const f = fragments.get(s.name.value);
        if (f === undefined || spreads.has(f.name.value)) continue;
        const type = schema.getType(f.typeCondition.name.value);
        cost += walk(f.selectionSet, type, level, new Set([...spreads, f.name.value]));
        continue;
      }
      if (s.kind === Kind.INLINE_FRAGMENT) {
        const type = s.typeCondition ? schema.getType(s.typeCondition.name.value) : parent;
        cost += walk(s.selectionSet, type, level, spreads);
        continue;
      }
      if (s.alias !== undefined) aliases += 1;
      depth = Math.max(depth, level);
      const field =
        parent && (isObjectType(parent) || isInterfaceType(parent))
          ? parent.getFields()[s.name.value]
          : undefined;
      const pageArg = s.arguments?.find((a) => PAGE_ARGS.has(a.name.value));
      const pageDef = field?.args.find((a) => PAGE_ARGS.has(a.name));
      const byDefault = typeof pageDef?.defaultValue === 'number' ? pageDef.defaultValue : 1;
      const asks = level === 1 || pageDef !== undefined;
      const size = pageArg ? pageSize(pageArg.value, byDefault) : byDefault;
      const under = s.selectionSet
        ? walk(s.selectionSet, field ? getNamedType(field.type) : undefined, level + 1, spreads)
        : 0;
      cost += 1 + (asks ? QUESTION_COST : 0) + size * under;
    }
    return cost;
  };

  const cost = walk(operation.selectionSet, root ?? undefined, 1, new Set());
  return { depth, aliases, cost };
}

/** The first limit the operation passes, as the error a client gets; undefined within them. */
export function limitError(size: OperationSize, limits: QueryLimits): GraphQLError | undefined {
  const over =
    size.depth > limits.maxDepth
      ? `is nested ${size.depth} fields deep; at most ${limits.maxDepth}`
      : size.aliases > limits.maxAliases
        ? `has ${size.aliases} aliases; at most ${limits.maxAliases}`
        : size.cost > limits.maxCost
          ? `costs ${size.cost}; at most ${limits.maxCost} (a page of n multiplies what is under it by n)`
          : undefined;
  if (over === undefined) return undefined;
  return new GraphQLError(`the operation ${over}`, {
    extensions: { code: 'QUERY_TOO_LARGE', ...size, limits },
  });
}

export const PARSE_OPTIONS: ParseOptions = { maxTokens: MAX_TOKENS };

/**
 * A request's size, before anything else is done with it (before validation, whose cost grows
 * with the document): its query parsed with at most MAX_TOKENS tokens, then measured. Other
 * syntax errors are left to the GraphQL server to report as it does.
 */
export function requestTooLarge(
  schema: GraphQLSchema,
  query: unknown,
  operationName: unknown,
  variables: unknown,
  limits: QueryLimits,
): GraphQLError | undefined {
  if (typeof query !== 'string') return undefined;
  let document: DocumentNode;
  try {
    document = parse(query, PARSE_OPTIONS);
  } catch (e) {
    if (e instanceof GraphQLError && /\d+ tokens\. Parsing aborted/.test(e.message)) {
      return new GraphQLError(`the operation has more than ${MAX_TOKENS} tokens`, {
        extensions: { code: 'QUERY_TOO_LARGE', limits: { ...limits, maxTokens: MAX_TOKENS } },
      });
    }
    return undefined;
  }
  const operation = getOperationAST(
    document,
    typeof operationName === 'string' ? operationName : undefined,
  );
  if (!operation) return undefined;
  const vars =
    typeof variables === 'object' && variables !== null && !Array.isArray(variables)
      ? (variables as Record<string, unknown>)
      : undefined;
  return limitError(measureOperation(schema, operation, document, vars), limits);
}
