/**
 * The first pass over a QIF document: everything the measurements are joined to, read before
 * any measurement is mapped — because QIF puts the serial numbers (ActualComponentSets) after
 * the results and the characteristic items may sit anywhere. What is held: the document's
 * header facts, one small entry per characteristic definition, nominal and item, per actual
 * component, per MeasurementResults (its id, QPId, component ids and traceability times) and per
 * external document. Never the measurements or features themselves.
 */
import type { XmlNode } from '../xml/read-xml';
import { childOf, childrenOf, readXml } from '../xml/read-xml';
import { childText, own, qpid } from './values';

export const QIF3_NAMESPACE = 'http://qifstandards.org/xsd/qif3';

export interface CharacteristicItem {
  readonly id: string;
  /** the element's local name, e.g. PointProfileCharacteristicItem */
  readonly element: string;
  readonly name?: string;
  readonly designator?: string;
  readonly uuid?: string;
  readonly description?: string;
  readonly nominalId?: string;
  /** the nominal is named in another document (xId): no limits are read for it */
  readonly nominalExternal: boolean;
  readonly line: number;
}

export interface CharacteristicNominal {
  readonly id: string;
  readonly definitionId?: string;
  readonly target?: string;
  readonly line: number;
}

export interface CharacteristicDefinition {
  readonly id: string;
  readonly element: string;
  readonly toleranceValue?: string;
  readonly maxValue?: string;
  readonly minValue?: string;
  readonly definedAsLimit?: string;
  readonly outerDisposition?: string;
  readonly line: number;
}

/** The times that may say when a set of results was inspected, as sent, with where. */
export interface Traceability {
  readonly times: readonly { readonly text: string; readonly element: string }[];
  readonly inspector?: string;
}

export interface ResultsHeader {
  readonly id: string;
  readonly line: number;
  instanceQPId?: string;
  componentIds: string[];
  traceability?: Traceability;
}

export interface ExternalDocument {
  readonly id: string;
  readonly qpid?: string;
  readonly uri?: string;
  readonly line: number;
}

export interface QifRoot {
  readonly name: string;
  readonly uri: string;
  readonly version?: string;
}

export interface QifIndex {
  root?: QifRoot;
  qpid?: string;
  timeCreated?: string;
  /** QIFDocument/Version/ThisInstanceQPId */
  versionQPId?: string;
  /** Plan/Version/ThisInstanceQPId */
  planInstanceQPId?: string;
  hasPlan: boolean;
  hasResults: boolean;
  system?: string;
  linearUnit?: string;
  angularUnit?: string;
  /** PreInspectionTraceability/ReferencedQIFPlanInstance/ItemQPId: the plan the results name */
  referencedPlanInstance?: string;
  readonly items: Map<string, CharacteristicItem>;
  readonly nominals: Map<string, CharacteristicNominal>;
  readonly definitions: Map<string, CharacteristicDefinition>;
  readonly components: Map<string, { readonly serial?: string; readonly line: number }>;
  readonly results: Map<string, ResultsHeader>;
  readonly externals: Map<string, ExternalDocument>;
  /** QIF ids declared twice among those held, with what says so */
  readonly duplicateIds: Map<string, string>;
  resultsTraceability?: Traceability;
  problem?: { readonly line: number; readonly path: string; readonly reason: string };
}

type Section = 'CharacteristicDefinitions' | 'CharacteristicNominals' | 'CharacteristicItems';
const SECTIONS = new Set<string>([
  'CharacteristicDefinitions',
  'CharacteristicNominals',
  'CharacteristicItems',
]);
const TOP = new Set(['QPId', 'Version', 'Header', 'FileUnits', 'PreInspectionTraceability']);
const RESULTS_PARTS = new Set([
  'ThisResultsInstanceQPId',
  'InspectionTraceability',
  'ActualComponentIds',
]);

/** Reads the document once and returns what the measurements are joined to. */
export async function scanQif(path: string): Promise<QifIndex> {
  const index: QifIndex = {
    hasPlan: false,
    hasResults: false,
    items: new Map(),
    nominals: new Map(),
    definitions: new Map(),
    components: new Map(),
    results: new Map(),
    externals: new Map(),
    duplicateIds: new Map(),
  };
  const declared = new Map<string, string>();
  const declare = (id: string, what: string) => {
    if (id === '') return;
    const before = declared.get(id);
    if (before === undefined) declared.set(id, what);
    else index.duplicateIds.set(id, `id ${id} is declared twice (${before}, ${what})`);
  };
  let wrongVersion = false;
  const select = (name: string, _uri: string, ancestors: readonly XmlNode[]): boolean => {
    const root = ancestors[0];
    if (root !== undefined && index.root === undefined) {
      index.root = {
        name: root.name,
        uri: root.uri,
        ...(root.attrs.versionQIF === undefined ? {} : { version: root.attrs.versionQIF }),
      };
      wrongVersion = !isQif3(index.root);
    }
    if (wrongVersion || root === undefined) return false;
    const depth = ancestors.length;
    const parent = ancestors[depth - 1]?.name;
    if (depth === 1) {
      if (name === 'Plan') index.hasPlan = true;
      if (name === 'Results') index.hasResults = true;
      return TOP.has(name) || name === 'ExternalQIFReferences';
    }
    const top = ancestors[1]?.name;
    if (top === 'Product') return depth === 2 && name === 'Header';
    if (top === 'Plan') return depth === 2 && name === 'Version';
    if (top === 'Characteristics')
      return depth === 3 && parent !== undefined && SECTIONS.has(parent);
    if (top !== 'Results') return false;
    if (depth === 2) return name === 'InspectionTraceability';
    if (parent === 'MeasurementResults' && depth === 4) {
      const mr = ancestors[3];
      if (mr !== undefined) resultsHeader(index, mr, declare);
      return RESULTS_PARTS.has(name);
    }
    return parent === 'ActualComponentSet' && name === 'ActualComponent';
  };

  for await (const item of readXml(path, select)) {
    if (item.kind === 'problem') {
      index.problem = { line: item.line, path: item.path, reason: item.reason };
      break;
    }
    const { node, ancestors } = item;
    const depth = ancestors.length;
    if (depth === 1) readTop(index, node);
    else if (ancestors[1]?.name === 'Product') readApplication(index, node, true);
    else if (ancestors[1]?.name === 'Plan') {
      index.planInstanceQPId = qpid(childText(node, 'ThisInstanceQPId'));
    } else if (ancestors[1]?.name === 'Characteristics') {
      readCharacteristic(index, node, ancestors[2]?.name as Section, declare);
    } else if (node.name === 'ActualComponent') {
      const id = own(node.attrs.id ?? '');
      declare(id, `ActualComponent at line ${node.line}`);
      const serial = childText(node, 'SerialNumber');
      index.components.set(id, { ...(serial === undefined ? {} : { serial }), line: node.line });
    } else if (depth === 2) {
      index.resultsTraceability = traceability(node);
    } else {
      const mr = ancestors[3];
      const header = mr === undefined ? undefined : index.results.get(mr.attrs.id ?? '');
      if (header === undefined) continue;
      if (node.name === 'ThisResultsInstanceQPId') header.instanceQPId = qpid(childText(node));
      else if (node.name === 'InspectionTraceability') header.traceability = traceability(node);
      else header.componentIds = childrenOf(node, 'Id').map((n) => childText(n) ?? '');
    }
  }
  return index;
}

function isQif3(root: QifRoot): boolean {
  return (
    root.name === 'QIFDocument' &&
    root.uri === QIF3_NAMESPACE &&
    (root.version === undefined || /^3(\.|$)/.test(root.version.trim()))
  );
}

function resultsHeader(
  index: QifIndex,
  mr: XmlNode,
  declare: (id: string, what: string) => void,
): void {
  const id = own(mr.attrs.id ?? '');
  if (index.results.has(id)) return;
  declare(id, `MeasurementResults at line ${mr.line}`);
  index.results.set(id, { id, line: mr.line, componentIds: [] });
}

function readTop(index: QifIndex, node: XmlNode): void {
  switch (node.name) {
    case 'QPId':
      index.qpid = qpid(childText(node));
      return;
    case 'Version': {
      const created = childText(node, 'TimeCreated');
      if (created !== undefined) index.timeCreated = created;
      const v = qpid(childText(node, 'ThisInstanceQPId'));
      if (v !== undefined) index.versionQPId = v;
      return;
    }
    case 'Header':
      readApplication(index, node, false);
      return;
    case 'FileUnits': {
      const primary = childOf(node, 'PrimaryUnits');
      if (primary === undefined) return;
      const linear = childText(primary, 'LinearUnit', 'UnitName');
      const angular = childText(primary, 'AngularUnit', 'UnitName');
      if (linear !== undefined) index.linearUnit = linear;
      if (angular !== undefined) index.angularUnit = angular;
      return;
    }
    case 'PreInspectionTraceability': {
      const ref = qpid(childText(node, 'ReferencedQIFPlanInstance', 'ItemQPId'));
      if (ref !== undefined) index.referencedPlanInstance = ref;
      return;
    }
    case 'ExternalQIFReferences':
      for (const doc of childrenOf(node, 'ExternalQIFDocument')) {
        const id = own(doc.attrs.id ?? '');
        const q = qpid(childText(doc, 'QPId'));
        const uri = childText(doc, 'URI');
        index.externals.set(id, {
          id,
          line: doc.line,
          ...(q === undefined ? {} : { qpid: q }),
          ...(uri === undefined ? {} : { uri }),
        });
      }
      return;
  }
}

/** Header/Application → the system: the application and its add-on, else the organisation. */
function readApplication(index: QifIndex, header: XmlNode, fallback: boolean): void {
  if (fallback && index.system !== undefined) return;
  const app = childOf(header, 'Application');
  if (app === undefined) return;
  const names = [childText(app, 'Name'), childText(app, 'AddonName')].filter(
    (n): n is string => n !== undefined,
  );
  const org = childText(app, 'Organization') ?? childText(app, 'AddonOrganization');
  const system = names.length > 0 ? names.join(' / ') : org;
  if (system !== undefined) index.system = system;
}

function readCharacteristic(
  index: QifIndex,
  node: XmlNode,
  section: Section,
  declare: (id: string, what: string) => void,
): void {
  const id = own(node.attrs.id ?? '');
  declare(id, `${node.name} at line ${node.line}`);
  if (section === 'CharacteristicItems') {
    const designator = childOf(node, 'CharacteristicDesignator');
    const nominalRef = childOf(node, 'CharacteristicNominalId');
    const fields = {
      name: childText(node, 'Name'),
      designator: designator && childText(designator, 'Designator'),
      uuid: designator && qpid(childText(designator, 'UUID')),
      description: childText(node, 'Description'),
      nominalId: nominalRef && childText(nominalRef),
    };
    index.items.set(id, {
      id,
      element: node.name,
      line: node.line,
      nominalExternal: nominalRef?.attrs.xId !== undefined,
      ...defined(fields),
    });
  } else if (section === 'CharacteristicNominals') {
    index.nominals.set(id, {
      id,
      line: node.line,
      ...defined({
        definitionId: childText(node, 'CharacteristicDefinitionId'),
        target: childText(node, 'TargetValue'),
      }),
    });
  } else {
    const tolerance = childOf(node, 'Tolerance');
    index.definitions.set(id, {
      id,
      element: node.name,
      line: node.line,
      ...defined({
        toleranceValue: childText(node, 'ToleranceValue'),
        outerDisposition: childText(node, 'OuterDisposition'),
        maxValue: tolerance && childText(tolerance, 'MaxValue'),
        minValue: tolerance && childText(tolerance, 'MinValue'),
        definedAsLimit: tolerance && childText(tolerance, 'DefinedAsLimit'),
      }),
    });
  }
}

function traceability(node: XmlNode): Traceability {
  const times: { text: string; element: string }[] = [];
  for (const name of ['InspectionEnd', 'InspectionStart', 'ReportPreparationDate']) {
    const text = childText(node, name);
    if (text !== undefined) times.push({ text, element: `InspectionTraceability/${name}` });
  }
  const operator = childOf(node, 'InspectionOperator');
  const inspector = operator && (childText(operator, 'EmployeeId') ?? childText(operator, 'Name'));
  return { times, ...(inspector === undefined ? {} : { inspector }) };
}

/** The entries whose value is a string (undefined ones left out). */
function defined(fields: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out;
}
