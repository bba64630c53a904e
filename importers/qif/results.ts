/**
 * The second pass: each characteristic measurement (Results/MeasurementResultsSet/
 * MeasurementResults/MeasuredCharacteristics/CharacteristicMeasurements/*) → one
 * InspectionResult per serial of the part it measured, joined to its characteristic item (in
 * this document, or in a referenced one by xId), its plan and its part's serial number — or a
 * refusal saying which join or value failed. A characteristic measured more than once in one
 * MeasurementResults (a pattern of holes under one balloon, CheckMate's second profile element)
 * gives one record per measurement, the second and later with `#n` on the id. Streams: one
 * measurement at a time, plus, per MeasurementResults, a count per characteristic.
 */
import type { ParsedLine } from '../../src/domain/canonical';
import type { Origin } from '../shared/to-record';
import { refuse, toRecord } from '../shared/to-record';
import type { XmlNode } from '../xml/read-xml';
import { childOf, readXml, serialize } from '../xml/read-xml';
import { characteristicKey } from './characteristics';
import type { PlanIdentity } from './plan';
import type { PlanLookup, Referenced } from './references';
import type { CharacteristicItem, QifIndex, ResultsHeader } from './scan';
import { childText, readNumber, readQifTime } from './values';

export interface ResultsContext {
  readonly path: string;
  readonly fileName: string;
  readonly index: QifIndex;
  /** this document's own plan, when it is one (All-in-one) */
  readonly ownPlan?: PlanIdentity;
  readonly references: ReadonlyMap<string, Referenced>;
  readonly plans: PlanLookup;
  readonly timeZone: string;
  readonly requireSerial: boolean;
  readonly system?: string;
  readonly site?: string;
  readonly recordedAt: string;
}

const MAX_ORIGINAL = 64 * 1024;

export async function* mapResults(ctx: ResultsContext): AsyncGenerator<ParsedLine> {
  const firstByQPId = new Map<string, ResultsHeader>();
  for (const h of ctx.index.results.values()) {
    if (h.instanceQPId !== undefined && !firstByQPId.has(h.instanceQPId)) {
      firstByQPId.set(h.instanceQPId, h);
    }
  }
  // the few distinct times of a file, read once
  const times = new Map<string, string | { invalid: string }>();
  const readTime = (text: string) => {
    let t = times.get(text);
    if (t === undefined) {
      t = readQifTime(text, ctx.timeZone);
      if (times.size < 10_000) times.set(text, t);
    }
    return t;
  };
  let currentResults: string | undefined;
  // per MeasurementResults: how often each characteristic was measured so far
  let occurrences = new Map<string, number>();

  const select = (_name: string, _uri: string, ancestors: readonly XmlNode[]) =>
    ancestors.length === 6 &&
    ancestors[1]?.name === 'Results' &&
    ancestors[3]?.name === 'MeasurementResults' &&
    ancestors[5]?.name === 'CharacteristicMeasurements';

  for await (const item of readXml(ctx.path, select)) {
    if (item.kind === 'problem') {
      yield refuse({ line: item.line, path: item.path }, undefined, item.reason);
      return;
    }
    const node = item.node;
    const mrId = item.ancestors[3]?.attrs.id ?? '';
    if (mrId !== currentResults) {
      currentResults = mrId;
      occurrences = new Map();
    }
    const origin: Origin = {
      line: node.line,
      path: node.path,
      original: serialize(node).slice(0, MAX_ORIGINAL),
      fieldName,
    };
    const mapped = mapMeasurement(
      ctx,
      node,
      ctx.index.results.get(mrId),
      firstByQPId,
      origin,
      readTime,
    );
    if ('refusal' in mapped) {
      yield mapped.refusal;
      continue;
    }
    const n = (occurrences.get(mapped.characteristicId) ?? 0) + 1;
    occurrences.set(mapped.characteristicId, n);
    for (const data of mapped.datas) {
      yield toRecord(
        {
          kind: 'InspectionResult',
          source: 'QMS',
          ...(ctx.system === undefined ? {} : { system: ctx.system }),
          ...(ctx.site === undefined ? {} : { site: ctx.site }),
          recordedAt: ctx.recordedAt,
          data: { ...data, id: n === 1 ? data.id : `${data.id}#${n}` },
        },
        origin,
      );
    }
  }
}

type Mapped =
  | { refusal: ParsedLine }
  | { characteristicId: string; datas: (Record<string, unknown> & { id: string })[] };

function mapMeasurement(
  ctx: ResultsContext,
  node: XmlNode,
  header: ResultsHeader | undefined,
  firstByQPId: ReadonlyMap<string, ResultsHeader>,
  origin: Origin,
  readTime: (text: string) => string | { invalid: string },
): Mapped {
  const no = (field: string | undefined, reason: string): Mapped => ({
    refusal: refuse(origin, field, reason),
  });
  const index = ctx.index;
  if (header === undefined) return no(undefined, 'the MeasurementResults around it has no id');
  const dupResults = index.duplicateIds.get(header.id);
  if (dupResults !== undefined) return no('MeasurementResults/@id', dupResults);
  if (header.instanceQPId !== undefined) {
    const first = firstByQPId.get(header.instanceQPId);
    if (first !== undefined && first !== header) {
      return no(
        'ThisResultsInstanceQPId',
        `MeasurementResults ${header.id} has the QPId ${header.instanceQPId} of MeasurementResults ${first.id} (line ${first.line}): the same results twice`,
      );
    }
  }

  // status
  const statusNode = childOf(node, 'Status');
  const status =
    statusNode &&
    (childText(statusNode, 'CharacteristicStatusEnum') ??
      childText(statusNode, 'OtherCharacteristicStatus'));
  if (status === undefined) return no('Status', 'the measurement has no status');

  // value
  const valueText = childText(node, 'Value');
  const value = valueText === undefined ? undefined : readNumber(valueText);
  if (valueText !== undefined && value === undefined) {
    return no('Value', `${JSON.stringify(valueText.slice(0, 80))} is not a number`);
  }

  // characteristic
  const ref = childOf(node, 'CharacteristicItemId');
  const refText = ref && childText(ref);
  if (ref === undefined || refText === undefined) {
    return no('CharacteristicItemId', 'the measurement names no characteristic item');
  }
  const joined = joinCharacteristic(ctx, refText, ref.attrs.xId);
  if ('reason' in joined) return no('CharacteristicItemId', joined.reason);

  // serials
  const serials: (string | undefined)[] = [];
  for (const id of header.componentIds) {
    const dup = index.duplicateIds.get(id);
    if (dup !== undefined) return no('ActualComponentIds', dup);
    const component = index.components.get(id);
    if (component === undefined) {
      return no(
        'ActualComponentIds',
        `MeasurementResults ${header.id} names actual component ${id}, which the document does not declare`,
      );
    }
    if (component.serial !== undefined && !serials.includes(component.serial)) {
      serials.push(component.serial);
    }
  }
  if (serials.length === 0) {
    if (ctx.requireSerial) {
      return no(
        'ActualComponent/SerialNumber',
        `the part measured by MeasurementResults ${header.id} has no serial number (option requireSerial)`,
      );
    }
    serials.push(undefined);
  }

  // when
  const candidates = [
    ...(childText(node, 'Timestamp') === undefined
      ? []
      : [{ text: childText(node, 'Timestamp') ?? '', element: 'Timestamp' }]),
    ...(header.traceability?.times ?? []),
    ...(index.resultsTraceability?.times.map((t) => ({ ...t, element: `Results/${t.element}` })) ??
      []),
    ...(index.timeCreated === undefined
      ? []
      : [{ text: index.timeCreated, element: '/QIFDocument/Version/TimeCreated' }]),
  ];
  let inspectedAt: string | undefined;
  const when = candidates[0];
  if (when !== undefined) {
    const t = readTime(when.text);
    if (typeof t !== 'string') return no(when.element, t.invalid);
    inspectedAt = t;
  }
  const inspectorId = header.traceability?.inspector ?? index.resultsTraceability?.inspector;

  const resultsKey =
    header.instanceQPId ?? `${index.qpid ?? ctx.fileName}/MeasurementResults ${header.id}`;
  const datas = serials.map((serial) => ({
    id: `${resultsKey}:${serial ?? ''}:${joined.characteristicId}`,
    serialNumber: serial,
    planId: joined.plan?.planId,
    planRevision: joined.plan?.revision,
    characteristicId: joined.characteristicId,
    value,
    ...(status === 'PASS' || status === 'FAIL' ? { result: status } : { reportedStatus: status }),
    inspectedAt,
    inspectorId,
    // beyond the canonical fields, kept with the record
    characteristicUuid: joined.uuid,
    measurementId: node.attrs.id,
    unresolvedReference: joined.unresolved,
  }));
  return { characteristicId: joined.characteristicId, datas };
}

interface Joined {
  readonly characteristicId: string;
  readonly plan?: PlanIdentity;
  readonly uuid?: string;
  /** why the referenced document could not give the characteristic */
  readonly unresolved?: string;
}

function joinCharacteristic(
  ctx: ResultsContext,
  refText: string,
  xId: string | undefined,
): Joined | { reason: string } {
  const index = ctx.index;
  if (xId === undefined) {
    const dup = index.duplicateIds.get(refText);
    if (dup !== undefined) return { reason: dup };
    const item = index.items.get(refText);
    if (item === undefined) {
      return {
        reason: `names characteristic item ${refText}, which the document does not declare`,
      };
    }
    return fromItem(ctx, item, ctx.ownPlan);
  }
  const doc = index.externals.get(refText);
  if (doc === undefined) {
    return {
      reason: `names external document ${refText} (xId ${xId}), which ExternalQIFReferences does not declare`,
    };
  }
  const referenced = ctx.references.get(refText);
  if (referenced === undefined || !referenced.resolved) {
    // the result still comes out: without the plan's name for the characteristic, or the plan
    return {
      characteristicId: `${doc.qpid ?? `external document ${doc.id}`}#${xId}`,
      unresolved: referenced?.reason ?? 'not read',
    };
  }
  const dup = referenced.index.duplicateIds.get(xId);
  if (dup !== undefined) return { reason: `in ${doc.uri ?? doc.id}: ${dup}` };
  const item = referenced.index.items.get(xId);
  if (item === undefined) {
    return {
      reason: `names characteristic item ${xId} of ${doc.uri ?? doc.id}, which that document does not declare`,
    };
  }
  return fromItem(ctx, item, referenced.plan);
}

function fromItem(
  ctx: ResultsContext,
  item: CharacteristicItem,
  plan: PlanIdentity | undefined,
): Joined | { reason: string } {
  const key = characteristicKey(item);
  if (key === undefined) {
    return { reason: `characteristic item ${item.id} has no Name, Designator or UUID` };
  }
  const uuid = item.uuid === undefined ? {} : { uuid: item.uuid };
  if (plan !== undefined) return { characteristicId: key, plan, ...uuid };
  const match =
    item.uuid !== undefined ? ctx.plans.byUuid.get(item.uuid) : ctx.plans.byName.get(key);
  if (match) return { characteristicId: match.characteristicId, plan: match.plan, ...uuid };
  return { characteristicId: key, ...uuid };
}

function fieldName(f: string): string {
  switch (f) {
    case 'data.value':
      return 'Value';
    case 'data.serialNumber':
      return 'ActualComponent/SerialNumber';
    case 'data.characteristicId':
      return 'CharacteristicItemId';
    case 'data.id':
      return 'the result id (results QPId:SerialNumber:characteristic)';
    case 'data.reportedStatus':
    case 'data.result':
      return 'Status';
    case 'data.inspectedAt':
      return 'InspectionTraceability';
    default:
      return f;
  }
}
