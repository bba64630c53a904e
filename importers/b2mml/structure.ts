/**
 * Where a B2MML element stands in its message: the version from the namespace, the verb and noun
 * of the root, and for each element the role it plays — a container whose small header children
 * are kept while it is open, a record element handed over whole, a header, or something skipped.
 * The reader selects elements with this, so a large performance file streams one segment
 * response at a time.
 */

/** The versions read, from the namespace URI. */
const NAMESPACE = /^http:\/\/www\.(?:wbf|mesa)\.org\/xml\/(?:B2MML|BatchML)(?:-V(\d{2}|\d{4}))?$/i;
export const FIRST_VERSION = 401;
export const LAST_VERSION = 700;

/** `V0401` … `V0700` for a B2MML/BatchML namespace; undefined for any other namespace. */
export function versionOf(uri: string): { version: string; number: number } | undefined {
  const m = NAMESPACE.exec(uri);
  if (!m) return undefined;
  // the unversioned namespace is V0700's; a two-digit one (V04, V05) is that major release
  const digits = m[1] === undefined ? '0700' : m[1].length === 2 ? `${m[1]}00` : m[1];
  return { version: `V${digits}`, number: Number(digits) };
}

/** Verbs whose data area states what the sender holds. */
const DATA_VERBS = ['Sync', 'Show', 'Process', 'Change', 'Respond'];
/** Verbs that ask, cancel or acknowledge: their data area is no statement of records. */
const OTHER_VERBS = ['Get', 'Cancel', 'Acknowledge', 'Confirm'];

export type Container =
  | 'message'
  | 'appArea'
  | 'dataArea'
  | 'performance'
  | 'response'
  | 'schedule'
  | 'materialInfo'
  | 'equipmentInfo'
  | 'batchRecord'
  | 'ecrList'
  | 'ecr'
  | 'events'
  | 'perfList'
  | 'perfRecord';

export type RecordElement =
  | 'materialDefinition'
  | 'materialLot'
  | 'materialSubLot'
  | 'equipment'
  | 'request'
  | 'segmentResponse'
  | 'runtimeElement'
  | 'event';

export type Role =
  | { readonly is: 'container'; readonly type: Container }
  | { readonly is: 'record'; readonly type: RecordElement }
  | { readonly is: 'header' }
  | { readonly is: 'skip' };

const SKIP: Role = { is: 'skip' };
const HEADER: Role = { is: 'header' };
const container = (type: Container): Role => ({ is: 'container', type });
const record = (type: RecordElement): Role => ({ is: 'record', type });

/** The nouns read, and what each is. */
function nounRole(name: string): Role | undefined {
  switch (name) {
    case 'ProductionPerformance':
    case 'OperationsPerformance':
      return container('performance');
    case 'ProductionResponse':
    case 'OperationsResponse':
      return container('response');
    case 'ProductionSchedule':
    case 'OperationsSchedule':
      return container('schedule');
    case 'MaterialInformation':
      return container('materialInfo');
    case 'EquipmentInformation':
      return container('equipmentInfo');
    case 'BatchProductionRecord':
      return container('batchRecord');
    case 'MaterialDefinition':
      return record('materialDefinition');
    case 'MaterialLot':
      return record('materialLot');
    case 'MaterialSubLot':
      return record('materialSubLot');
    case 'Equipment':
      return record('equipment');
    case 'ProductionRequest':
    case 'OperationsRequest':
      return record('request');
    default:
      return undefined;
  }
}

export type RootRead =
  | { readonly ok: true; readonly role: Role; readonly verb?: string; readonly noun: string }
  | { readonly ok: false; readonly reason: string };

/** The root element: a verb message (SyncProductionPerformance) or a bare noun. */
export function readRoot(name: string): RootRead {
  const bare = nounRole(name);
  if (bare !== undefined) return { ok: true, role: bare, noun: name };
  for (const verb of [...DATA_VERBS, ...OTHER_VERBS]) {
    if (!name.startsWith(verb)) continue;
    const noun = name.slice(verb.length);
    if (nounRole(noun) === undefined) continue;
    if (OTHER_VERBS.includes(verb)) {
      return {
        ok: false,
        reason: `a ${verb} message (${name}) asks or answers; it states no records to import`,
      };
    }
    return { ok: true, role: container('message'), verb, noun };
  }
  return { ok: false, reason: `not a B2MML message this importer reads: ${name}` };
}

/** Small children of a container that the mapping reads (the rest of the container is skipped). */
const HEADERS = new Set([
  'ID',
  'Description',
  'Location',
  'HierarchyScope',
  'PublishedDate',
  'CreationDateTime',
  'Sender',
  'ProductionRequestID',
  'OperationsRequestID',
  'ProductionScheduleID',
  'OperationsScheduleID',
  'StartTime',
  'EndTime',
  'BatchID',
  'Header',
  'CreationDate',
  'LastChangedDate',
  'LotID',
  'MaterialDefinitionID',
  'EquipmentID',
]);

const header = (name: string): Role => (HEADERS.has(name) ? HEADER : SKIP);

/** The role of a child element inside a container. */
export function childRole(parent: Container, name: string): Role {
  switch (parent) {
    case 'message':
      if (name === 'ApplicationArea') return container('appArea');
      if (name === 'DataArea') return container('dataArea');
      return SKIP;
    case 'appArea':
      return header(name);
    case 'dataArea':
      return nounRole(name) ?? SKIP;
    case 'performance':
      if (name === 'ProductionResponse' || name === 'OperationsResponse') {
        return container('response');
      }
      return header(name);
    case 'response':
      return name === 'SegmentResponse' ? record('segmentResponse') : header(name);
    case 'schedule':
      return name === 'ProductionRequest' || name === 'OperationsRequest'
        ? record('request')
        : header(name);
    case 'materialInfo':
      if (name === 'MaterialDefinition') return record('materialDefinition');
      if (name === 'MaterialLot') return record('materialLot');
      if (name === 'MaterialSubLot') return record('materialSubLot');
      return header(name);
    case 'equipmentInfo':
      return name === 'Equipment' ? record('equipment') : header(name);
    case 'batchRecord':
      if (name === 'ExecutedControlRecipes') return container('ecrList');
      if (name === 'Events') return container('events');
      if (name === 'ProductionPerformances' || name === 'OperationsPerformances') {
        return container('perfList');
      }
      return header(name);
    case 'ecrList':
      return name === 'ExecutedControlRecipe' ? container('ecr') : SKIP;
    case 'ecr':
      return name === 'RuntimeRecipeElement' ? record('runtimeElement') : header(name);
    case 'events':
      return name === 'Event' ? record('event') : SKIP;
    case 'perfList':
      if (name === 'ProductionPerformanceRecord' || name === 'OperationsPerformanceRecord') {
        return container('perfRecord');
      }
      return name === 'ProductionPerformance' || name === 'OperationsPerformance'
        ? container('performance')
        : SKIP;
    case 'perfRecord':
      return name === 'ProductionPerformance' || name === 'OperationsPerformance'
        ? container('performance')
        : SKIP;
  }
}

/** The role of an element from the root's role and the names below the root, outermost first. */
export function roleOf(root: Role, below: readonly string[]): Role {
  let role = root;
  for (const name of below) {
    if (role.is !== 'container') return SKIP;
    role = childRole(role.type, name);
  }
  return role;
}
