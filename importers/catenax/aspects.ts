/**
 * Reading one Trace-X asset (`{assetMetaInfo: {catenaXId}, submodels: [{aspectType, payload}]}`):
 * its submodels by aspect name, and the small JSON helpers the mapping uses. A value of the wrong
 * shape is reported with its path inside the asset (`submodels[1].payload.childItems[0]`).
 */

export type Json = unknown;
export type JsonObject = Readonly<Record<string, Json>>;

export function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function field(holder: Json, name: string): Json {
  return isObject(holder) ? holder[name] : undefined;
}

/** A string at a place; anything else (a number, an object) is undefined. */
export function text(value: Json): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The aspects threadgraph maps or attaches (the name after `#` in the SAMM URN). */
export const MAPPED_ASPECTS = [
  'SerialPart',
  'Batch',
  'SingleLevelBomAsBuilt',
  'SingleLevelUsageAsBuilt',
  'PartAsPlanned',
  'SingleLevelBomAsPlanned',
] as const;
/** Aspects kept as extra fields on the asset's Unit, Lot or Part. */
export const ATTACHED_ASPECTS = [
  'JustInSequencePart',
  'TractionBatteryCode',
  'PartSiteInformationAsPlanned',
] as const;

export interface Submodel {
  /** `SerialPart`, from `urn:samm:io.catenax.serial_part:3.0.0#SerialPart` */
  readonly aspect: string;
  readonly aspectType: string;
  readonly payload: JsonObject;
  /** `submodels[1]` */
  readonly path: string;
}

export interface Asset {
  readonly catenaXId: string;
  readonly digitalTwinType?: string;
  readonly submodels: readonly Submodel[];
}

/** The asset, or the first problem with its shape (path inside the asset, reason). */
export function readAsset(
  value: Json,
): { asset: Asset } | { problem: { path: string; reason: string } } {
  if (!isObject(value)) return { problem: { path: '', reason: 'an asset must be an object' } };
  const meta = value.assetMetaInfo;
  const id = text(field(meta, 'catenaXId'));
  if (!isObject(meta)) return { problem: { path: 'assetMetaInfo', reason: 'missing' } };
  if (id === undefined || id.trim() === '')
    return { problem: { path: 'assetMetaInfo.catenaXId', reason: 'missing' } };
  const list = value.submodels;
  if (!Array.isArray(list)) return { problem: { path: 'submodels', reason: 'missing (a list)' } };
  const submodels: Submodel[] = [];
  for (const [i, sm] of (list as Json[]).entries()) {
    const path = `submodels[${i}]`;
    const aspectType = text(field(sm, 'aspectType'));
    if (aspectType === undefined)
      return { problem: { path: `${path}.aspectType`, reason: 'missing' } };
    const payload = field(sm, 'payload');
    if (!isObject(payload))
      return { problem: { path: `${path}.payload`, reason: 'missing (an object)' } };
    const aspect = aspectType.slice(aspectType.lastIndexOf('#') + 1);
    submodels.push({ aspect, aspectType, payload, path });
  }
  const twin = text(field(meta, 'digitalTwinType'));
  return {
    asset: { catenaXId: id, ...(twin === undefined ? {} : { digitalTwinType: twin }), submodels },
  };
}

/** `localIdentifiers[key=partInstanceId].value`, or undefined. */
export function localIdentifier(payload: JsonObject, key: string): string | undefined {
  const list = payload.localIdentifiers;
  if (!Array.isArray(list)) return undefined;
  for (const entry of list as Json[]) {
    if (text(field(entry, 'key')) === key) return text(field(entry, 'value'));
  }
  return undefined;
}

/** The aspect's parts that identify it: serial or batch id, part number, manufacturer BPN. */
export interface Identity {
  readonly kind: 'serial' | 'lot';
  readonly key: string | undefined;
  readonly partNumber: string | undefined;
  readonly bpn: string | undefined;
}

export function identityOf(sm: Submodel): Identity | undefined {
  const kind = sm.aspect === 'SerialPart' ? 'serial' : sm.aspect === 'Batch' ? 'lot' : undefined;
  if (kind === undefined) return undefined;
  return {
    kind,
    key: localIdentifier(sm.payload, kind === 'serial' ? 'partInstanceId' : 'batchId'),
    partNumber: text(field(sm.payload.partTypeInformation, 'manufacturerPartId')),
    bpn: localIdentifier(sm.payload, 'manufacturerId'),
  };
}
