import { Arg, Int, Query, Resolver } from 'type-graphql';
import type { AuditEvent, AuditTrail } from '../services/audit-trail-service';
import { AuditEventConnection, AuditVerification } from './audit-trail.type';

/** The audit trail for admins (the audit permission; access-policy.ts). */
@Resolver()
export class AuditTrailResolver {
  constructor(private readonly trail: AuditTrail) {}

  @Query(() => AuditEventConnection, { description: 'the audit trail, newest first (admin)' })
  async auditTrail(
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('action', () => String, {
      nullable: true,
      description: 'only actions starting so: import, export, sign-in, api-key, config',
    })
    action: string | null,
    @Arg('actor', () => String, { nullable: true }) actor: string | null,
  ): Promise<AuditEventConnection> {
    const page = await this.trail.page(first, after, { actionPrefix: action, actor });
    return { nodes: page.nodes.map(toNode), pageInfo: page.pageInfo };
  }

  @Query(() => AuditVerification, {
    description: 'checks the whole trail now, as threadgraph audit verify does (admin)',
  })
  async auditVerification(): Promise<AuditVerification> {
    const verdict = await this.trail.verify();
    return {
      ok: verdict.ok,
      count: verdict.count,
      headSeq: verdict.recordedHead?.seq ?? verdict.head?.seq ?? null,
      headHash: verdict.recordedHead?.hash ?? verdict.head?.hash ?? null,
      problems: verdict.problems.map((p) => ({ seq: p.seq, problem: p.problem })),
    };
  }
}

function toNode(e: AuditEvent) {
  return { ...e, detail: e.detail === null ? null : JSON.stringify(e.detail) };
}
