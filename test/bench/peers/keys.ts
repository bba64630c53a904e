/**
 * The keys the bench draws its questions from, read once from the graph: top-level pump serials
 * (evidence chain, as-built tree), component serials (housings and impellers: recall of a serial),
 * lots whose recall scope holds 75–250 units, and the lot with the widest scope.
 */
import neo4j from 'neo4j-driver';
import type { Neo4jTarget } from '../../../src/config';
import { benchDriver } from '../serve-process';

export interface Keys {
  readonly pumps: readonly string[];
  readonly components: readonly string[];
  readonly lots: readonly string[];
  readonly widestLot: string;
  readonly widestCount: number;
}

const SERIALS = `
MATCH (u:Unit)
WHERE NOT coalesce(u.placeholder, false) AND u.partNumber IN $parts
RETURN u.serialNumber AS key ORDER BY key`;

// every lot with the number of distinct units that contain it at any depth (the demo's
// genealogy is at most three levels deep; the bound is generous)
const LOTS = `
MATCH (l:Lot)
CALL (l) {
  MATCH (l)<-[:CONSUMED*1..6]-(u:Unit)
  RETURN count(DISTINCT u) AS units
}
RETURN l.lotNumber AS key, units ORDER BY units DESC, key`;

export async function pickKeys(target: Neo4jTarget): Promise<Keys> {
  const driver = benchDriver(target, { disableLosslessIntegers: true });
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    const serials = async (parts: string[]) =>
      (await session.run(SERIALS, { parts })).records.map((r) => r.get('key') as string);
    const pumps = await serials(['PA-100']);
    const components = await serials(['MH-200', 'IMP-300']);
    const lots = (await session.run(LOTS)).records.map((r) => ({
      key: r.get('key') as string,
      units: r.get('units') as number,
    }));
    const widest = lots[0];
    if (!widest || pumps.length === 0 || components.length === 0)
      throw new Error('the graph holds no demo thread to ask about');
    return {
      pumps,
      components,
      lots: lots.filter((l) => l.units >= 75 && l.units <= 250).map((l) => l.key),
      widestLot: widest.key,
      widestCount: widest.units,
    };
  } finally {
    await session.close();
    await driver.close();
  }
}
