/**
 * The one place that decides whether an identity may have what it asked for (issue 13): every
 * GraphQL root field, over HTTP and over WebSocket, and every HTTP route, with the permission it
 * needs and how its site is told. Resolvers, exports and routes run only after this said yes; a
 * root field missing from FIELDS is refused (a new field must be placed here, and a test checks
 * that every field of the schema is).
 */
import type {
  DocumentNode,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';
import { Kind, OperationTypeNode } from 'graphql';
import type { Identity, Permission } from '../domain/access';
import { demand, demandSite, describe, seesAllSites, seesSite } from '../domain/access';
import { ThreadgraphError } from '../domain/errors';

/**
 * How a question's site is known. none: no site (import jobs, one machine's readings); site: its
 * `site` argument (absent: across every site); allSites: a figure across sites; unit: the unit of
 * its `serialNumber`, or with a `lotNumber` every unit the lot reached (across sites); record: a
 * Unit record's site, other records have none; machine: the site of its `equipmentId`;
 * execution: the site of the operation execution `executionId`.
 */
export type SiteRule = 'none' | 'site' | 'allSites' | 'unit' | 'record' | 'machine' | 'execution';

export interface Need {
  readonly permission: Permission | 'signedIn';
  readonly sites: SiteRule;
}

const need = (permission: Need['permission'], sites: SiteRule = 'none'): Need => ({
  permission,
  sites,
});

export const FIELDS: Readonly<Record<string, Need>> = {
  'Query.me': need('signedIn'),
  'Query.evidenceChain': need('read', 'unit'),
  'Query.operationReadings': need('read', 'execution'),
  'Query.governanceViolations': need('read', 'allSites'),
  'Query.changeImpact': need('read', 'allSites'),
  'Query.requirementCoverage': need('read', 'allSites'),
  'Query.threadHealth': need('read', 'site'),
  'Query.threadHealthSeries': need('read', 'site'),
  'Query.ownershipAudit': need('read', 'allSites'),
  'Query.importJob': need('import'),
  'Query.importJobs': need('import'),
  'Query.csvProfiles': need('import'),
  'Query.record': need('read', 'record'),
  'Query.traceForward': need('read', 'unit'),
  'Query.traceBackward': need('read', 'unit'),
  'Query.search': need('read'),
  'Query.machines': need('read', 'site'),
  'Query.motorHealthBySite': need('read', 'allSites'),
  'Query.equipmentReadings': need('read', 'machine'),
  'Query.energyByRoute': need('read', 'site'),
  'Query.unitEnergy': need('read', 'unit'),
  'Query.apiKeys': need('configure'),
  'Query.auditTrail': need('audit'),
  'Query.auditVerification': need('audit'),
  'Mutation.startImport': need('import', 'site'),
  'Mutation.retryImport': need('retry'),
  'Mutation.cancelImport': need('retry'),
  'Mutation.createApiKey': need('configure'),
  'Mutation.revokeApiKey': need('configure'),
  'Subscription.importJobProgress': need('import'),
  'Subscription.equipmentReadingsLive': need('read', 'machine'),
  'Subscription.healthChanges': need('read', 'site'),
};

/** The HTTP routes beside /graphql that give data or take it (the app and /healthz give none). */
export const ROUTES = {
  recallCsv: need('export', 'unit'),
  dhr: need('export', 'unit'),
  rejectedCsv: need('import'),
  events: need('import'),
  metrics: need('read', 'allSites'),
} as const satisfies Record<string, Need>;

/** Reads the graph for what the rules need: the site of each unit, machine, execution named. */
export interface SiteLookup {
  unitSites(serialNumbers: readonly string[]): Promise<Map<string, string | null>>;
  siteOf(kind: 'machine' | 'execution', id: string): Promise<string | null | undefined>;
}

/** Refuses (FORBIDDEN) unless the identity may have the thing asked, with these arguments. */
export async function authorize(
  identity: Identity,
  what: string,
  rule: Need,
  args: Readonly<Record<string, unknown>>,
  lookup: SiteLookup,
): Promise<void> {
  if (rule.permission !== 'signedIn') demand(identity, rule.permission, what);
  if (seesAllSites(identity)) return;
  const text = (name: string): string | undefined =>
    typeof args[name] === 'string' ? args[name] : undefined;
  switch (rule.sites) {
    case 'none':
      return;
    case 'site':
      // startImport without a site: its records say theirs
      if (what === 'Mutation.startImport' && text('site') === undefined) return;
      return demandSite(identity, text('site'), what);
    case 'allSites':
      return demandSite(identity, undefined, what);
    case 'record':
      if (args.kind !== 'Unit') return;
      return unitSeen(identity, Array.isArray(args.key) ? String(args.key[0]) : undefined, lookup);
    case 'machine':
    case 'execution': {
      const id = text(rule.sites === 'machine' ? 'equipmentId' : 'executionId');
      if (id === undefined) return;
      const site = await lookup.siteOf(rule.sites, id);
      if (!seesSite(identity, site)) {
        throw new ThreadgraphError(
          'FORBIDDEN',
          `${rule.sites === 'machine' ? 'machine' : 'operation'} ${id} is not of a site ${describe(identity)} sees`,
        );
      }
      return;
    }
    case 'unit':
      if (text('serialNumber') === undefined) {
        // a lot reaches units of any site
        if (text('lotNumber') !== undefined)
          return demandSite(identity, undefined, `${what} of a lot`);
        return;
      }
      return unitSeen(identity, text('serialNumber'), lookup);
  }
}

async function unitSeen(
  identity: Identity,
  serialNumber: string | undefined,
  lookup: SiteLookup,
): Promise<void> {
  if (serialNumber === undefined) return;
  const site = (await lookup.unitSites([serialNumber])).get(serialNumber);
  // a unit that does not exist is answered as such by the question itself
  if (!seesSite(identity, site)) {
    throw new ThreadgraphError(
      'FORBIDDEN',
      `unit ${serialNumber} is not of a site ${describe(identity)} sees`,
    );
  }
}

/**
 * Authorizes every root field of an operation (fragments at the root included), with the
 * request's variables; `__typename` and introspection need nothing here (introspection is off
 * where sign-in is on).
 */
export async function authorizeOperation(
  identity: Identity,
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
  lookup: SiteLookup,
): Promise<void> {
  const type =
    operation.operation === OperationTypeNode.QUERY
      ? schema.getQueryType()
      : operation.operation === OperationTypeNode.MUTATION
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!type) throw new ThreadgraphError('INVALID_INPUT', `no ${operation.operation} type`);
  const fields = type.getFields();
  const fragments = new Map(
    document.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [],
    ),
  );
  const visit = async (set: SelectionSetNode, seen: ReadonlySet<string>): Promise<void> => {
    for (const s of set.selections) {
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        const f = fragments.get(s.name.value);
        if (f && !seen.has(f.name.value))
          await visit(f.selectionSet, new Set([...seen, f.name.value]));
        continue;
      }
      if (s.kind === Kind.INLINE_FRAGMENT) {
        await visit(s.selectionSet, seen);
        continue;
      }
      const name = s.name.value;
      if (name.startsWith('__')) continue;
      const key = `${type.name}.${name}`;
      const rule = FIELDS[key];
      const field = fields[name];
      if (rule === undefined || field === undefined) {
        throw new ThreadgraphError('FORBIDDEN', `${key} is not covered by the access policy`);
      }
      const args = getArgumentValues(field, s, variables);
      await authorize(identity, key, rule, args, lookup);
    }
  };
  await visit(operation.selectionSet, new Set());
}
