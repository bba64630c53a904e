/**
 * Requirement coverage of a part revision (canonical model, "Derived figures"): per requirement,
 * the characteristics of its routing's inspection plans that verify it, and of the units whose
 * work order is locked to the revision, how many have it VERIFIED.
 */
import { verifyingCharacteristics } from '../domain/evidence';
import { rate } from '../domain/health';
import { sortNatural } from '../domain/natural-order';
import { readPlanRevisions } from '../graph/evidence-reader';
import type { Executor } from '../graph/executor';

export interface RequirementCoverageRow {
  readonly id: string;
  readonly title: string | null;
  readonly verifyingCharacteristics: readonly string[];
  readonly verifiedUnits: number;
  readonly totalUnits: number;
}

export interface RequirementCoverage {
  readonly partNumber: string;
  readonly revision: string;
  readonly requirements: readonly RequirementCoverageRow[];
  readonly designCoverage: number;
  readonly verificationCoverage: number;
  /** requirements no characteristic verifies */
  readonly uncovered: readonly string[];
  readonly totalUnits: number;
}

export class CoverageService {
  constructor(private readonly executor: Executor) {}

  /** Null when no PLM record of the part revision exists. */
  requirementCoverage(partNumber: string, revision: string): Promise<RequirementCoverage | null> {
    return this.executor.read('requirementCoverage', async (q) => {
      const [pr] = await q.run<{
        placeholder?: boolean;
        requirements: { id: string; title?: string }[];
        planIds: string[];
      }>('coverage/read-part-revision', { partNumber, revision });
      if (pr === undefined || pr.placeholder) return null;
      const verifying = verifyingCharacteristics(
        await readPlanRevisions(q, [...new Set(pr.planIds)]),
      );
      const [counts] = await q.run<{
        totalUnits: number;
        verified: { id: string; units: number }[];
      }>('coverage/count-verified', { partNumber, revision });
      const totalUnits = counts?.totalUnits ?? 0;
      const verifiedUnits = new Map((counts?.verified ?? []).map((v) => [v.id, v.units]));
      const requirements = [...pr.requirements]
        .sort((a, b) => sortNatural(a.id, b.id))
        .map((r) => ({
          id: r.id,
          title: r.title ?? null,
          verifyingCharacteristics: [
            ...new Set((verifying.get(r.id) ?? []).map((c) => c.characteristicId)),
          ],
          verifiedUnits: verifiedUnits.get(r.id) ?? 0,
          totalUnits,
        }));
      const covered = requirements.filter((r) => r.verifyingCharacteristics.length > 0).length;
      return {
        partNumber,
        revision,
        requirements,
        designCoverage: rate(covered, requirements.length),
        verificationCoverage: rate(
          requirements.reduce((n, r) => n + r.verifiedUnits, 0),
          requirements.reduce((n, r) => n + r.totalUnits, 0),
        ),
        uncovered: requirements
          .filter((r) => r.verifyingCharacteristics.length === 0)
          .map((r) => r.id),
        totalUnits,
      };
    });
  }
}
