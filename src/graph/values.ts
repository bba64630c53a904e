/**
 * Values coming out of Neo4j: temporal values become normalised instant strings (the graph stores
 * instants as those strings already; see graph-schema/model.md), nodes and relationships their
 * properties. Nothing above the graph layer sees a driver type.
 */
import neo4j from 'neo4j-driver';
import { fromEpoch } from '../domain/time';

const { isDateTime, isDate, isNode, isRelationship, isInt } = neo4j;

export function fromNeo4j(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(fromNeo4j);
  if (typeof value !== 'object') return value;
  if (isDateTime(value)) {
    const utcMs =
      Date.UTC(
        Number(value.year),
        Number(value.month) - 1,
        Number(value.day),
        Number(value.hour),
        Number(value.minute),
        Number(value.second),
      ) -
      Number(value.timeZoneOffsetSeconds ?? 0) * 1000;
    return fromEpoch(utcMs, String(Number(value.nanosecond)).padStart(9, '0'));
  }
  if (isDate(value)) return value.toString();
  if (isInt(value)) return value.toNumber();
  if (isNode(value) || isRelationship(value)) return fromNeo4j(value.properties);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const converted = fromNeo4j(v);
    if (converted !== undefined) out[k] = converted;
  }
  return out;
}
