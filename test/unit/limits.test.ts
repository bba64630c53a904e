/**
 * The size of an operation (api/limits.ts): depth, aliases and cost worked out by hand for small
 * operations; the bombs refused; and every operation the web app sends well within the defaults.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { buildSchema, Kind, Lexer, parse, Source, TokenKind } from 'graphql';
import {
  DEFAULT_LIMITS,
  limitError,
  MAX_TOKENS,
  measureOperation,
  requestTooLarge,
} from '../../src/api/limits';

const API = buildSchema(readFileSync(join(__dirname, '../../src/api/schema.graphql'), 'utf8'));

function size(query: string, variables?: Record<string, unknown>, schema = API) {
  const doc: DocumentNode = parse(query);
  const op = doc.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (op === undefined) throw new Error('no operation');
  return measureOperation(schema, op, doc, variables);
}

describe('the size of an operation', () => {
  it('counts fields, questions and depth as worked out by hand', () => {
    // evidenceChain: 1 + 10 (a question) + complete 1 + gaps (1 + code 1) = 14; depth 3
    expect(size('{ evidenceChain(serialNumber: "X") { complete gaps { code } } }')).toEqual({
      depth: 3,
      aliases: 0,
      cost: 14,
    });
  });

  it('multiplies what is under a page by its size, from a literal, a variable or the default', () => {
    const q =
      'query($n: Int) { traceForward(lotNumber: "L", first: $n) { nodes { serialNumber } } }';
    // 1 + 10 + n × (nodes 1 + serialNumber 1)
    expect(size(q, { n: 1000 }).cost).toBe(11 + 1000 * 2);
    // no value for $n: the argument's default, 100
    expect(size(q, {}).cost).toBe(11 + 100 * 2);
    expect(size('{ traceForward(lotNumber: "L", first: 3) { nodes { serialNumber } } }').cost).toBe(
      11 + 3 * 2,
    );
    // operationReadings' limit defaults to 200: 1 + 10 + 200 × (tag 1)
    expect(size('{ operationReadings(executionId: "E") { tag } }').cost).toBe(11 + 200);
  });

  it('counts a fragment where it is spread, and its aliases', () => {
    const q = `
      query { a: evidenceChain(serialNumber: "A") { ...C } b: evidenceChain(serialNumber: "B") { ...C } }
      fragment C on EvidenceChain { complete builtToRevision }`;
    // two aliased questions of 1 + 10 + 2 each
    expect(size(q)).toEqual({ depth: 2, aliases: 2, cost: 26 });
  });

  it('refuses 2 000 aliased evidence chains for their aliases', () => {
    const fields = Array.from(
      { length: 2000 },
      (_, i) => `e${i}: evidenceChain(serialNumber: "SN-${i}") { complete }`,
    );
    const s = size(`{ ${fields.join(' ')} }`);
    expect(s.aliases).toBe(2000);
    const error = limitError(s, DEFAULT_LIMITS);
    expect(error?.message).toBe('the operation has 2000 aliases; at most 30');
    expect(error?.extensions.code).toBe('QUERY_TOO_LARGE');
  });

  it('refuses a query nested too deep, and a page too large for its cost', () => {
    const nested = buildSchema('type Query { node: Node } type Node { child: Node name: String }');
    let q = 'name';
    for (let i = 0; i < 13; i++) q = `child { ${q} }`;
    const deep = size(`{ node { ${q} } }`, undefined, nested);
    expect(deep.depth).toBe(15);
    expect(limitError(deep, DEFAULT_LIMITS)?.message).toBe(
      'the operation is nested 15 fields deep; at most 12',
    );
    const big = size('{ traceForward(lotNumber: "L", first: 100000) { nodes { serialNumber } } }');
    expect(big.cost).toBe(11 + 100000 * 2);
    expect(limitError(big, DEFAULT_LIMITS)?.message).toMatch(
      /^the operation costs 200011; at most 50000/,
    );
    expect(limitError(size('{ __typename }'), DEFAULT_LIMITS)).toBeUndefined();
  });

  it('lets every operation of the web app through with room to spare', () => {
    const dir = join(__dirname, '../../web/src');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
      (f) => /\.tsx?$/.test(f) && !f.startsWith('gql'),
    );
    let operations = 0;
    let tokens = 0;
    let largest = { depth: 0, aliases: 0, cost: 0 };
    for (const f of files) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/graphql\(`([^`]*)`\)/g)) {
        const doc = parse(m[1] as string);
        const lexer = new Lexer(new Source(m[1] as string));
        let n = 0;
        while (lexer.advance().kind !== TokenKind.EOF) n += 1;
        tokens = Math.max(tokens, n);
        for (const d of doc.definitions) {
          if (d.kind !== Kind.OPERATION_DEFINITION) continue;
          operations += 1;
          // the app pages by at most 1 000 (the recall list)
          const s = measureOperation(API, d, doc, { first: 1000, limit: 1000 });
          expect({ name: d.name?.value, error: limitError(s, DEFAULT_LIMITS)?.message }).toEqual({
            name: d.name?.value,
            error: undefined,
          });
          largest = {
            depth: Math.max(largest.depth, s.depth),
            aliases: Math.max(largest.aliases, s.aliases),
            cost: Math.max(largest.cost, s.cost),
          };
        }
      }
    }
    expect(operations).toBeGreaterThan(20);
    expect(tokens).toBeLessThan(MAX_TOKENS / 5);
    expect(largest.depth).toBeLessThanOrEqual(DEFAULT_LIMITS.maxDepth - 4);
    expect(largest.aliases).toBeLessThanOrEqual(DEFAULT_LIMITS.maxAliases);
  });

  it('refuses a request past the token limit before it is parsed in full, and measures the rest', () => {
    const bomb = `{ ${Array.from({ length: 2000 }, (_, i) => `e${i}: evidenceChain(serialNumber: "SN-${i}") { complete }`).join(' ')} }`;
    expect(requestTooLarge(API, bomb, undefined, undefined, DEFAULT_LIMITS)?.message).toBe(
      `the operation has more than ${MAX_TOKENS} tokens`,
    );
    // 100 aliases is well under the token limit: measured, and refused for its aliases
    const hundred = `{ ${Array.from({ length: 100 }, (_, i) => `e${i}: evidenceChain(serialNumber: "SN-${i}") { complete }`).join(' ')} }`;
    expect(requestTooLarge(API, hundred, null, {}, DEFAULT_LIMITS)?.message).toBe(
      'the operation has 100 aliases; at most 30',
    );
    // 1 + 10 + n × totalCount 1: the variables count, the named operation is the one measured,
    // and syntax errors are left to the server
    const two =
      'query A { __typename } query B($n: Int) { traceForward(lotNumber: "L", first: $n) { totalCount } }';
    expect(requestTooLarge(API, two, 'B', { n: 10_000_000 }, DEFAULT_LIMITS)?.message).toMatch(
      /^the operation costs 10000011;/,
    );
    expect(requestTooLarge(API, two, 'A', { n: 10_000_000 }, DEFAULT_LIMITS)).toBeUndefined();
    expect(requestTooLarge(API, '{ oops', null, null, DEFAULT_LIMITS)).toBeUndefined();
  });
});
