/**
 * The one owner of Neo4j sessions. Everything runs in executeRead/executeWrite (so the driver
 * retries transient failures), carries transaction metadata naming the operation, and crosses
 * the boundary through values.ts. Callers see QueryRunner, never a driver type.
 */
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import neo4j from 'neo4j-driver';
import type { Neo4jTarget } from '../config';
import type { CypherRegistry, QueryName } from './cypher-registry';
import { fromNeo4jError } from './errors';
import { fromNeo4j } from './values';

export type Row = Record<string, unknown>;

export interface QueryRunner {
  run<T = Row>(name: QueryName, params?: Record<string, unknown>): Promise<T[]>;
}

/** What PROFILE says of one statement: the benches record it per question. */
export interface ProfiledStatement {
  readonly operation: string;
  readonly name: QueryName;
  readonly dbHits: number;
  readonly rows: number;
}

export class Executor {
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

  /** The plan Neo4j would use: for the tests that EXPLAIN every query. */
  async explain(name: QueryName, params: Record<string, unknown>): Promise<string[]> {
    const session = this.driver.session(this.sessionConfig('READ'));
    try {
      const result = await session.run(`EXPLAIN ${this.registry.get(name)}`, params);
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
    const profiled = this.profiled;
    return {
      run: async <T>(name: QueryName, params: Record<string, unknown> = {}) => {
        const statement = this.registry.get(name);
        const result = await tx.run(profiled ? `PROFILE ${statement}` : statement, params);
        if (profiled) {
          profiled({
            operation,
            name,
            dbHits: totalDbHits(result.summary.profile),
            rows: result.records.length,
          });
        }
        return result.records.map((r) => fromNeo4j(r.toObject()) as T);
      },
    };
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
