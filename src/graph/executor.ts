/**
 * The one owner of Neo4j sessions. Everything runs in executeRead/executeWrite (so the driver
 * retries transient failures), carries transaction metadata naming the operation, and crosses
 * the boundary through values.ts. Callers see QueryRunner, never a driver type.
 */
import type { Driver, ManagedTransaction, Result } from 'neo4j-driver';
import neo4j from 'neo4j-driver';
import type { Neo4jTarget } from '../config';
import type { CypherRegistry, QueryName } from './cypher-registry';
import { fromNeo4jError } from './errors';
import { fromNeo4j } from './values';

export type Row = Record<string, unknown>;

export interface QueryRunner {
  run<T = Row>(name: QueryName, params?: Record<string, unknown>): Promise<T[]>;
  /**
   * Several statements sent as one (each a subquery of it, its rows collected): the rows of each,
   * in the order named. The server plans and runs one statement, so a question that takes eight
   * costs the work of eight and the overhead of one. For statements that depend on none of the
   * others' results and read the same parameters (`params` is given to all: a name two of them
   * use must mean the same to both).
   */
  runTogether<T extends (unknown[] | undefined)[] = Row[][]>(
    names: readonly QueryName[],
    params?: Record<string, unknown>,
  ): Promise<T>;
}

/** What PROFILE says of one statement: the benches record it per question. */
export interface ProfiledStatement {
  readonly operation: string;
  /** the statement's name; statements run together: their names joined by '+' */
  readonly name: string;
  readonly dbHits: number;
  readonly rows: number;
}

export class Executor {
  /** the columns each statement returns, learnt by EXPLAIN when first run together */
  private readonly columns = new Map<QueryName, readonly string[]>();

  private constructor(
    private readonly driver: Driver,
    private readonly registry: CypherRegistry,
    private readonly database: string | undefined,
    private readonly profiled?: (statement: ProfiledStatement) => void,
  ) {}

  /** `profiled`, when given, runs every registry statement under PROFILE and reports its db hits. */
  static connect(
    target: Neo4jTarget,
    registry: CypherRegistry,
    profiled?: (statement: ProfiledStatement) => void,
  ): Executor {
    const auth =
      target.user !== undefined ? neo4j.auth.basic(target.user, target.password ?? '') : undefined;
    const driver = neo4j.driver(target.uri, auth, {
      disableLosslessIntegers: true,
      // with Neo4j down, a question is answered UNAVAILABLE within ~5 s, not after 16–30 s of
      // retries; an import batch that fails so is retried by its job, with backoff
      maxTransactionRetryTime: 2500,
      connectionTimeout: 2000,
      connectionAcquisitionTimeout: 5000,
      // every statement's rows are taken whole (result.records): one PULL for all of them, not
      // one round trip per 1 000 (a recall walk of 12 000 units was 12 of them)
      fetchSize: -1,
      userAgent: 'threadgraph',
    });
    return new Executor(driver, registry, target.database, profiled);
  }

  async verify(): Promise<void> {
    try {
      await this.driver.verifyConnectivity(this.database ? { database: this.database } : {});
    } catch (e) {
      throw fromNeo4jError(e);
    }
  }

  read<T>(operation: string, work: (q: QueryRunner) => Promise<T>): Promise<T> {
    return this.transaction('READ', operation, work);
  }

  write<T>(operation: string, work: (q: QueryRunner) => Promise<T>): Promise<T> {
    return this.transaction('WRITE', operation, work);
  }

  /** Schema statements (migrations) run in their own auto-commit transactions. */
  async runSchema(statement: string): Promise<void> {
    const session = this.driver.session(this.sessionConfig('WRITE'));
    try {
      await session.run(statement);
    } catch (e) {
      throw fromNeo4jError(e);
    } finally {
      await session.close();
    }
  }

  /**
   * The plan Neo4j would use: for the tests that EXPLAIN every query (several names: the one
   * statement runTogether sends).
   */
  async explain(
    name: QueryName | readonly QueryName[],
    params: Record<string, unknown>,
  ): Promise<string[]> {
    const session = this.driver.session(this.sessionConfig('READ'));
    try {
      const statement =
        typeof name === 'string'
          ? this.registry.get(name)
          : await this.together(name, (text) => session.run(text, params));
      const result = await session.run(`EXPLAIN ${statement}`, params);
      const operators: string[] = [];
      const walk = (plan: { operatorType: string; children: unknown[] } | false | undefined) => {
        if (!plan) return;
        operators.push(plan.operatorType.replace(/@.*$/, ''));
        for (const child of plan.children) walk(child as typeof plan);
      };
      walk(result.summary.plan);
      return operators;
    } catch (e) {
      throw fromNeo4jError(e);
    } finally {
      await session.close();
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private async transaction<T>(
    mode: 'READ' | 'WRITE',
    operation: string,
    work: (q: QueryRunner) => Promise<T>,
  ): Promise<T> {
    const session = this.driver.session(this.sessionConfig(mode));
    const config = { metadata: { app: 'threadgraph', operation } };
    const body = (tx: ManagedTransaction) => work(this.runner(tx, operation));
    try {
      return mode === 'READ'
        ? await session.executeRead(body, config)
        : await session.executeWrite(body, config);
    } catch (e) {
      throw fromNeo4jError(e);
    } finally {
      await session.close();
    }
  }

  private runner(tx: ManagedTransaction, operation: string): QueryRunner {
    const execute = async (name: string, statement: string, params: Record<string, unknown>) => {
      const result = await tx.run(this.profiled ? `PROFILE ${statement}` : statement, params);
      this.profiled?.({
        operation,
        name,
        dbHits: totalDbHits(result.summary.profile),
        rows: result.records.length,
      });
      return result.records.map((r) => fromNeo4j(r.toObject()) as Row);
    };
    return {
      run: async <T>(name: QueryName, params: Record<string, unknown> = {}) =>
        (await execute(name, this.registry.get(name), params)) as T[],
      runTogether: async <T extends (unknown[] | undefined)[]>(
        names: readonly QueryName[],
        params: Record<string, unknown> = {},
      ) => {
        const statement = await this.together(names, (text) => tx.run(text, params));
        const [row] = await execute(names.join('+'), statement, params);
        return names.map((_, i) => (row?.[`part${i}`] as Row[] | undefined) ?? []) as T;
      },
    };
  }

  /** The one statement of several; the columns of each are learnt by EXPLAIN when first met. */
  private async together(
    names: readonly QueryName[],
    run: (text: string) => Result,
  ): Promise<string> {
    for (const name of names) {
      if (this.columns.has(name)) continue;
      // EXPLAIN runs nothing but names the columns: once per statement and process
      const result = run(`EXPLAIN ${this.registry.get(name)}`);
      this.columns.set(name, await result.keys());
      await result;
    }
    return together(
      names.map((n) => ({
        text: this.registry.get(n),
        columns: this.columns.get(n) as readonly string[],
      })),
    );
  }

  private sessionConfig(mode: 'READ' | 'WRITE') {
    return {
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      ...(this.database ? { database: this.database } : {}),
    };
  }
}

function totalDbHits(plan: { dbHits: number; children: unknown[] } | false): number {
  if (!plan) return 0;
  return (
    plan.dbHits + plan.children.reduce<number>((sum, c) => sum + totalDbHits(c as typeof plan), 0)
  );
}

/**
 * One statement of several: each a subquery collecting its rows into `partN` (a subquery that
 * finds nothing still gives its empty list, so one part's emptiness never empties another's).
 */
export function together(
  statements: readonly { text: string; columns: readonly string[] }[],
): string {
  const quote = (name: string) => `\`${name.replaceAll('`', '``')}\``;
  const parts = statements.map(
    ({ text, columns }, i) =>
      `CALL () {\n  CALL () {\n${text.trimEnd()}\n  }\n  RETURN collect({${columns
        .map((c) => `${quote(c)}: ${quote(c)}`)
        .join(', ')}}) AS part${i}\n}`,
  );
  return `${parts.join('\n')}\nRETURN ${statements.map((_, i) => `part${i}`).join(', ')}`;
}
