/** The evidence chain of one serial: its snapshot from the graph, judged by the domain rules. */
import type { EvidenceChain } from '../domain/evidence';
import { evidenceChain } from '../domain/evidence';
import { readSnapshots } from '../graph/evidence-reader';
import type { Executor } from '../graph/executor';

export class EvidenceService {
  constructor(private readonly executor: Executor) {}

  /** Null when no MES record of the serial exists (a placeholder is not yet known either). */
  chain(serialNumber: string): Promise<EvidenceChain | null> {
    return this.executor.read('evidenceChain', async (q) => {
      const snapshot = (await readSnapshots(q, [serialNumber], { readings: true })).get(
        serialNumber,
      );
      return snapshot === undefined ? null : evidenceChain(snapshot);
    });
  }
}
