/**
 * The first pass over a Trace-X file: which catenaXId is which serial or lot in this file (BOM
 * and usage items name their partners by catenaXId only, and a child may come after its parent),
 * and which batch ids are given for more than one part number (canonical Lot is keyed by lot
 * number alone, so those cannot be told apart). Held in memory: one entry per SerialPart or Batch
 * asset (its catenaXId and serial/batch id) and one per batch id — nothing else.
 */
import { identityOf, readAsset } from './aspects';
import { readAssets } from './read-assets';
import type { ScanLimits } from './scan-assets';

export interface TwinRef {
  readonly kind: 'serial' | 'lot';
  readonly key: string;
}

export interface TwinIndex {
  readonly byCatenaXId: ReadonlyMap<string, TwinRef>;
  /** batch id → the part numbers it is given for, with the asset indexes */
  readonly batches: ReadonlyMap<string, ReadonlyMap<string, number[]>>;
}

export async function indexTwins(path: string, limits?: ScanLimits): Promise<TwinIndex> {
  const byCatenaXId = new Map<string, TwinRef>();
  const batches = new Map<string, Map<string, number[]>>();
  for await (const item of readAssets(path, limits)) {
    if (item.kind !== 'asset') continue;
    const read = readAsset(item.value);
    if (!('asset' in read)) continue;
    for (const sm of read.asset.submodels) {
      const id = identityOf(sm);
      if (id?.key === undefined || id.key.trim() === '') continue;
      if (!byCatenaXId.has(read.asset.catenaXId)) {
        byCatenaXId.set(read.asset.catenaXId, { kind: id.kind, key: id.key });
      }
      if (id.kind === 'lot') {
        const parts = batches.get(id.key) ?? new Map<string, number[]>();
        const part = id.partNumber ?? '';
        parts.set(part, [...(parts.get(part) ?? []), item.index]);
        batches.set(id.key, parts);
      }
    }
  }
  return { byCatenaXId, batches };
}

/** A partner named only by catenaXId: the serial or lot of this file, else the catenaXId itself. */
export function resolveTwin(index: TwinIndex, catenaXId: string): TwinRef {
  return index.byCatenaXId.get(catenaXId) ?? { kind: 'serial', key: catenaXId };
}
