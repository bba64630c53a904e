/**
 * The data ownership audit: per artefact class, its one authority, the systems that actually sent
 * records of it (and how many of those were refused), its versioning, and who reads it.
 */
import type { Kind } from '../domain/canonical';
import { KIND_NAMES, authorityOf } from '../domain/canonical';
import type { Versioning } from '../domain/ownership';
import { OWNERSHIP } from '../domain/ownership';
import type { Executor } from '../graph/executor';
import type { Feed } from './import-service';

export interface Sender {
  readonly source: string;
  readonly system: string | null;
  readonly records: number;
  readonly refused: number;
}

export interface ArtefactClassOwnership {
  readonly kind: Kind;
  readonly authority: string;
  readonly senders: readonly Sender[];
  /** more than one source claims to own the class */
  readonly contested: boolean;
  readonly versioning: Versioning;
  readonly readBy: readonly string[];
  /** what makes the class stand out in the audit */
  readonly findings: readonly string[];
}

export class AuditService {
  constructor(private readonly executor: Executor) {}

  ownership(): Promise<ArtefactClassOwnership[]> {
    return this.executor.read('ownershipAudit', async (q) => {
      const senders = new Map<
        string,
        Map<string, { source: string; system: string | null; records: number; refused: number }>
      >();
      for (const { feeds } of await q.run<{ feeds: string }>('audit/read-feeds')) {
        for (const f of JSON.parse(feeds) as Feed[]) {
          const byKind =
            senders.get(f.kind) ?? new Map<string, Sender & { records: number; refused: number }>();
          const key = `${f.source}\u0000${f.system ?? ''}`;
          const s = byKind.get(key) ?? {
            source: f.source,
            system: f.system,
            records: 0,
            refused: 0,
          };
          s.records += f.records;
          s.refused += f.refused;
          byKind.set(key, s);
          senders.set(f.kind, byKind);
        }
      }
      return KIND_NAMES.map((kind) => {
        const list = [...(senders.get(kind)?.values() ?? [])].sort(
          (a, b) =>
            a.source.localeCompare(b.source) || (a.system ?? '').localeCompare(b.system ?? ''),
        );
        const sources = new Set(list.map((s) => s.source));
        const { versioning, readBy } = OWNERSHIP[kind];
        const findings = [
          ...(sources.size > 1
            ? [`claimed by ${[...sources].join(', ')}; only ${authorityOf(kind)} is its authority`]
            : []),
          ...(readBy.length === 0 ? ['no downstream recipient'] : []),
          ...(list.length === 0 ? ['no system has sent records of it'] : []),
        ];
        return {
          kind,
          authority: authorityOf(kind),
          senders: list,
          contested: sources.size > 1,
          versioning,
          readBy,
          findings,
        };
      });
    });
  }
}
