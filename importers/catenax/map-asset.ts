/**
 * One Trace-X asset → canonical records: SerialPart → Unit, Batch → Lot, PartAsPlanned → Part,
 * SingleLevelBomAsBuilt child items and SingleLevelUsageAsBuilt parent items → Consumption, with
 * every catenaXId kept. Each record and refusal names the asset's line and its path
 * (`assets[3].submodels[1].payload.childItems[0]`); rule numbers refer to MAPPING.md.
 */
import type { ParsedLine, Source } from '../../src/domain/canonical';
import { clip } from '../../src/domain/excerpt';
import { parseInstant } from '../../src/domain/time';
import { refuse, toRecord } from '../shared/to-record';
import type { Origin } from '../shared/to-record';
import {
  ATTACHED_ASPECTS,
  MAPPED_ASPECTS,
  field,
  identityOf,
  isObject,
  localIdentifier,
  text,
} from './aspects';
import type { Asset, Json, JsonObject, Submodel } from './aspects';
import { compilePattern, readLocalTime } from '../csv/local-time';
import type { TimePattern } from '../csv/local-time';
import { resolveTwin } from './twin-index';
import type { TwinIndex, TwinRef } from './twin-index';

export interface CatenaxOptions {
  /** the site code put on every record (the file names none) */
  readonly site?: string;
  /** the system, where the asset names no manufacturer BPN */
  readonly system?: string;
  /** recordedAt for every record, instead of the times in the file (ISO-8601 with a zone) */
  readonly recordedAt?: string;
  /** IANA zone for times the file gives without an offset (otherwise they are refused) */
  readonly timezone?: string;
}

/** The longest original kept beside a record. */
const MAX_ORIGINAL = 64 * 1024;

interface Context {
  readonly asset: Asset;
  readonly index: number;
  readonly line: number;
  readonly twins: TwinIndex;
  readonly options: CatenaxOptions;
}

export function mapAsset(ctx: Context): ParsedLine[] {
  const out: ParsedLine[] = [];
  const { asset } = ctx;
  const main = asset.submodels.find((s) => s.aspect === 'SerialPart' || s.aspect === 'Batch');
  const planned = asset.submodels.find((s) => s.aspect === 'PartAsPlanned');
  const attached: Record<string, JsonObject> = {};
  for (const sm of asset.submodels) {
    if ((ATTACHED_ASPECTS as readonly string[]).includes(sm.aspect))
      attached[sm.aspect] = sm.payload;
  }
  // the asset itself, as its BOM and usage items' other end
  const self: TwinRef = resolveTwin(ctx.twins, asset.catenaXId);
  const selfBpn = main === undefined ? undefined : identityOf(main)?.bpn;

  for (const sm of asset.submodels) {
    const origin = originOf(ctx, sm.path, sm);
    switch (sm.aspect) {
      case 'SerialPart':
      case 'Batch':
        if (sm !== main) {
          out.push(refuse(origin, 'aspectType', `rule 5: a second ${sm.aspect} in one asset`));
          break;
        }
        out.push(
          sm.aspect === 'SerialPart'
            ? unit(ctx, sm, origin, attached)
            : lot(ctx, sm, origin, attached),
        );
        break;
      case 'PartAsPlanned':
        out.push(part(ctx, sm, origin, attached));
        break;
      case 'SingleLevelBomAsBuilt':
        out.push(...links(ctx, sm, 'childItems', self, selfBpn));
        break;
      case 'SingleLevelUsageAsBuilt':
        out.push(...links(ctx, sm, 'parentItems', self, selfBpn));
        break;
      case 'SingleLevelBomAsPlanned':
        out.push(...plannedBom(ctx, sm));
        break;
      default:
        if ((ATTACHED_ASPECTS as readonly string[]).includes(sm.aspect)) {
          const holder = sm.aspect === 'PartSiteInformationAsPlanned' ? planned : main;
          if (holder === undefined) {
            out.push(
              refuse(
                origin,
                'aspectType',
                `rule 6: ${sm.aspect} is kept only beside a ${sm.aspect === 'PartSiteInformationAsPlanned' ? 'PartAsPlanned' : 'SerialPart or Batch'} of the same asset, and this asset has none`,
              ),
            );
          }
        } else if (!(MAPPED_ASPECTS as readonly string[]).includes(sm.aspect)) {
          out.push(
            refuse(
              origin,
              'aspectType',
              `rule 7: aspect ${clip(sm.aspectType, 160)} is not mapped`,
            ),
          );
        }
    }
  }
  return out;
}

function originOf(ctx: Context, path: string, node: unknown): Origin {
  const json = JSON.stringify(node) ?? '';
  return {
    line: ctx.line,
    path: `assets[${ctx.index}].${path}`,
    original: json.length > MAX_ORIGINAL ? json.slice(0, MAX_ORIGINAL) : json,
    fieldName: (f) => fieldNames[f] ?? f,
  };
}

/** Canonical field → where it was read, for refusals the canonical validator gives. */
const fieldNames: Record<string, string> = {
  'data.serialNumber': 'payload.localIdentifiers[key=partInstanceId].value (data.serialNumber)',
  'data.lotNumber': 'payload.localIdentifiers[key=batchId].value (data.lotNumber)',
  'data.partNumber': 'payload.partTypeInformation.manufacturerPartId (data.partNumber)',
  'data.completedAt': 'payload.manufacturingInformation.date (data.completedAt)',
  'data.consumedAt': 'createdOn (data.consumedAt)',
  'data.quantity': 'quantity.value (data.quantity)',
  recordedAt: 'recordedAt (from the time in the file, or the recordedAt option)',
};

const ISO = compilePattern('iso') as TimePattern;

/** A time of the file; one without an offset is placed in the timezone option, where given. */
function zoned(ctx: Context, time: string | undefined): string | undefined {
  if (time === undefined || ctx.options.timezone === undefined) return time;
  if (/(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$/.test(time)) return time;
  const r = readLocalTime(time, [ISO], ctx.options.timezone);
  return 'instant' in r ? r.instant : time;
}

function recordedAt(ctx: Context, ...times: (string | undefined)[]): string | undefined {
  if (ctx.options.recordedAt !== undefined) return ctx.options.recordedAt;
  // the latest of the times given: the record as last known
  const given = times.filter((t): t is string => t !== undefined);
  return given.length === 0
    ? undefined
    : given.reduce((a, b) => ((parseInstant(b) ?? '') > (parseInstant(a) ?? '') ? b : a));
}

function common(ctx: Context, source: Source, bpn: string | undefined, at: string | undefined) {
  const system = bpn ?? ctx.options.system;
  return {
    source,
    ...(system === undefined ? {} : { system }),
    ...(ctx.options.site === undefined ? {} : { site: ctx.options.site }),
    recordedAt: at ?? '',
  };
}

/** What a unit and a lot both keep of their twin: part type, country made in, attached submodels. */
function madeData(sm: Submodel, attached: Record<string, JsonObject>) {
  const info = sm.payload.partTypeInformation;
  return {
    customerPartId: text(field(info, 'customerPartId')),
    nameAtManufacturer: text(field(info, 'nameAtManufacturer')),
    manufacturingCountry: text(field(sm.payload.manufacturingInformation, 'country')),
    justInSequencePart: attached.JustInSequencePart,
    tractionBatteryCode: attached.TractionBatteryCode,
  };
}

function unit(
  ctx: Context,
  sm: Submodel,
  origin: Origin,
  attached: Record<string, JsonObject>,
): ParsedLine {
  const id = identityOf(sm);
  const made = zoned(ctx, text(field(sm.payload.manufacturingInformation, 'date')));
  const at = recordedAt(ctx, made);
  if (at === undefined)
    return refuse(
      origin,
      'payload.manufacturingInformation.date',
      'rule 3: no time to record the unit at (give the recordedAt option)',
    );
  if (id?.key === undefined)
    return refuse(
      origin,
      'payload.localIdentifiers[key=partInstanceId]',
      'rule 2: SerialPart: missing (the serial number)',
    );
  return toRecord(
    {
      kind: 'Unit',
      ...common(ctx, 'MES', id.bpn, at),
      data: {
        serialNumber: id.key,
        partNumber: id.partNumber,
        catenaXId: ctx.asset.catenaXId,
        status: made === undefined ? undefined : 'COMPLETE',
        completedAt: made,
        site: ctx.options.site,
        // kept as received (unknown to the canonical model, stored in the record's raw line)
        van: localIdentifier(sm.payload, 'van'),
        ...madeData(sm, attached),
      },
    },
    origin,
  );
}

function lot(
  ctx: Context,
  sm: Submodel,
  origin: Origin,
  attached: Record<string, JsonObject>,
): ParsedLine {
  const id = identityOf(sm);
  const made = zoned(ctx, text(field(sm.payload.manufacturingInformation, 'date')));
  if (id?.key === undefined)
    return refuse(
      origin,
      'payload.localIdentifiers[key=batchId]',
      'rule 2: Batch: missing (the lot number)',
    );
  const parts = ctx.twins.batches.get(id.key);
  if (parts !== undefined && parts.size > 1) {
    const list = [...parts]
      .map(([p, at]) => `${p || '(none)'} (assets ${at.join(', ')})`)
      .join('; ');
    return refuse(
      origin,
      'payload.localIdentifiers[key=batchId]',
      `rule 4: batch id ${JSON.stringify(id.key)} is given for ${parts.size} part numbers in this file — ${list}; a canonical Lot is keyed by lot number alone, so they cannot be told apart`,
    );
  }
  const at = recordedAt(ctx, made);
  if (at === undefined)
    return refuse(
      origin,
      'payload.manufacturingInformation.date',
      'rule 3: no time to record the lot at (give the recordedAt option)',
    );
  return toRecord(
    {
      kind: 'Lot',
      ...common(ctx, 'ERP', id.bpn, at),
      data: {
        lotNumber: id.key,
        partNumber: id.partNumber,
        supplier: id.bpn,
        catenaXId: ctx.asset.catenaXId,
        manufacturedAt: made,
        ...madeData(sm, attached),
      },
    },
    origin,
  );
}

function part(
  ctx: Context,
  sm: Submodel,
  origin: Origin,
  attached: Record<string, JsonObject>,
): ParsedLine {
  const info = sm.payload.partTypeInformation;
  const validity = sm.payload.validityPeriod;
  const validFrom = zoned(ctx, text(field(validity, 'validFrom')));
  const at = recordedAt(ctx, validFrom);
  if (at === undefined)
    return refuse(
      origin,
      'payload.validityPeriod.validFrom',
      'rule 3: no time to record the part at (give the recordedAt option)',
    );
  return toRecord(
    {
      kind: 'Part',
      ...common(ctx, 'PLM', localIdentifier(sm.payload, 'manufacturerId'), at),
      data: {
        partNumber: text(field(info, 'manufacturerPartId')),
        name: text(field(info, 'nameAtManufacturer')),
        catenaXId: ctx.asset.catenaXId,
        validFrom,
        validTo: text(field(validity, 'validTo')),
        classification: text(field(info, 'classification')),
        sites: attached.PartSiteInformationAsPlanned?.sites,
      },
    },
    origin,
  );
}

/** BOM child items (this asset is the parent) or usage parent items (this asset is the child). */
function links(
  ctx: Context,
  sm: Submodel,
  list: 'childItems' | 'parentItems',
  self: TwinRef,
  selfBpn: string | undefined,
): ParsedLine[] {
  const items = sm.payload[list];
  const origin = originOf(ctx, `${sm.path}.payload`, sm.payload);
  if (!Array.isArray(items)) return [refuse(origin, list, 'rule 2: missing (a list)')];
  return (items as Json[]).map((item, k) => {
    const at = originOf(ctx, `${sm.path}.payload.${list}[${k}]`, item);
    const other = text(field(item, 'catenaXId'));
    if (other === undefined || other.trim() === '')
      return refuse(at, 'catenaXId', 'rule 2: missing (the partner twin)');
    const partner = resolveTwin(ctx.twins, other);
    const [parent, child] = list === 'childItems' ? [self, partner] : [partner, self];
    const [parentId, childId] =
      list === 'childItems' ? [ctx.asset.catenaXId, other] : [other, ctx.asset.catenaXId];
    const quantity = field(item, 'quantity');
    const created = zoned(ctx, text(field(item, 'createdOn')));
    const when = recordedAt(ctx, created, zoned(ctx, text(field(item, 'lastModifiedOn'))));
    if (when === undefined)
      return refuse(
        at,
        'createdOn',
        'rule 3: no time to record the consumption at (give the recordedAt option)',
      );
    return toRecord(
      {
        kind: 'Consumption',
        ...common(ctx, 'MES', selfBpn, when),
        data: {
          [parent.kind === 'serial' ? 'parentSerialNumber' : 'parentLotNumber']: parent.key,
          [child.kind === 'serial' ? 'childSerialNumber' : 'childLotNumber']: child.key,
          quantity: isObject(quantity) ? quantity.value : quantity,
          consumedAt: created,
          quantityUnit: text(field(quantity, 'unit')),
          parentCatenaXId: parentId,
          childCatenaXId: childId,
          businessPartner: text(field(item, 'businessPartner')),
          hasAlternatives: field(item, 'hasAlternatives'),
          isOnlyPotentialParent: field(item, 'isOnlyPotentialParent'),
        },
      },
      at,
    );
  });
}

function plannedBom(ctx: Context, sm: Submodel): ParsedLine[] {
  const items = sm.payload.childItems;
  const list = Array.isArray(items) ? (items as Json[]) : [sm.payload];
  return list.map((item, k) =>
    refuse(
      originOf(ctx, `${sm.path}.payload.childItems[${k}]`, item),
      undefined,
      'rule 8: an as-planned BOM line (SingleLevelBomAsPlanned) is not imported: canonical BomLine is keyed by parent part number and revision, child part number and find number, and the item names only the child twin — no revision, no find number',
    ),
  );
}
