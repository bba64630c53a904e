import 'reflect-metadata';
import { createPubSub } from '@graphql-yoga/subscription';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import type { EvidenceService } from '../services/evidence-service';
import type { GovernanceService } from '../services/governance-service';
import { EvidenceResolver } from './evidence.resolver';
import { GovernanceResolver } from './governance.resolver';
import { QuestionsResolver, ThreadHealthResolver } from './questions.resolver';
import type { DhrService } from '../services/dhr-service';
import type { RecordService } from '../services/record-service';
import type { JobsApi } from './jobs.resolver';
import { JobsResolver } from './jobs.resolver';
import { RecordResolver } from './record.resolver';
import { TraceResolver } from './trace.resolver';
import type { AuditService } from '../services/audit-service';
import type { CoverageService } from '../services/coverage-service';
import type { HealthService } from '../services/health-service';
import type { ImpactService } from '../services/impact-service';
import type { TraceService } from '../services/trace-service';
import type { EquipmentService } from '../services/equipment-service';
import type { LiveReadings } from '../services/live-readings';
import { EquipmentResolver } from './equipment.resolver';
import { AccessResolver } from './access.resolver';
import type { ApiKeyService } from '../services/api-key-service';
import type { AuditTrail } from '../services/audit-trail-service';
import { AuditTrailResolver } from './audit-trail.resolver';

export interface ApiServices {
  readonly evidence: EvidenceService;
  readonly governance: GovernanceService;
  readonly trace: TraceService;
  readonly impact: ImpactService;
  readonly coverage: CoverageService;
  readonly health: HealthService;
  readonly audit: AuditService;
  readonly records: RecordService;
  readonly dhr: DhrService;
  readonly equipment: EquipmentService;
  /** live readings and health changes published by the reading writer */
  readonly live: LiveReadings;
  readonly apiKeys: ApiKeyService;
  readonly auditTrail: AuditTrail;
  /** import jobs; absent when the server runs without a queue */
  readonly jobs?: JobsApi;
}

/** The GraphQL schema over the given services; resolvers are built here, not by a container. */
export async function buildApiSchema(services: ApiServices): Promise<GraphQLSchema> {
  const resolvers = new Map<unknown, unknown>([
    [EvidenceResolver, new EvidenceResolver(services.evidence)],
    [GovernanceResolver, new GovernanceResolver(services.governance)],
    [TraceResolver, new TraceResolver(services.trace, services.records)],
    [
      QuestionsResolver,
      new QuestionsResolver(services.impact, services.coverage, services.health, services.audit),
    ],
    [ThreadHealthResolver, new ThreadHealthResolver()],
    [JobsResolver, new JobsResolver(services.jobs)],
    [RecordResolver, new RecordResolver(services.records)],
    [EquipmentResolver, new EquipmentResolver(services.equipment)],
    [AccessResolver, new AccessResolver(services.apiKeys)],
    [AuditTrailResolver, new AuditTrailResolver(services.auditTrail)],
  ]);
  return buildSchema({
    resolvers: [
      EvidenceResolver,
      GovernanceResolver,
      TraceResolver,
      QuestionsResolver,
      ThreadHealthResolver,
      JobsResolver,
      RecordResolver,
      EquipmentResolver,
      AccessResolver,
      AuditTrailResolver,
    ],
    // subscriptions read their own event sources (the job queue); type-graphql still wants one
    pubSub: createPubSub(),
    container: { get: (cls: unknown) => resolvers.get(cls) },
    validate: false,
  });
}
