/**
 * The canonical model (importers/canonical/canonical-model.md) as data: artefact classes, their
 * authoritative system, key fields and field types. Importers validate against it, the graph
 * layer maps it, the rules read it. Nothing here knows where a record came from.
 */

export const SOURCES = ['ALM', 'PLM', 'ERP', 'MES', 'QMS', 'OT', 'MRO'] as const;
export type Source = (typeof SOURCES)[number];

/** How a field's value is checked and normalised. */
export type FieldType =
  /** an identifier or code: not blank, at most MAX_IDENTIFIER_BYTES (it is indexed or matched) */
  | 'string'
  /** free text for people (names, titles, descriptions): any length the line allows */
  | 'text'
  | 'number'
  | 'boolean'
  | 'instant'
  | 'string[]'
  | { readonly enum: readonly string[] }
  /** a nested object: kept as JSON on the node */
  | { readonly object: Fields }
  /** a list of nested objects: kept as JSON on the node */
  | { readonly list: Fields };

export type Fields = Readonly<Record<string, FieldType>>;

export interface KindSpec {
  readonly authority: Source;
  /**
   * The key: every group must be given exactly once. A group of one field is an ordinary key
   * field; Consumption's parent and child are each "serial or lot".
   */
  readonly key: readonly (readonly string[])[];
  readonly fields: Fields;
}

/**
 * The longest identifier or code accepted, in UTF-8 bytes. Neo4j indexes a value of at most
 * ~8 KB (8 100 bytes measured on 5.26); a record id holds up to four key values, JSON-quoted.
 */
export const MAX_IDENTIFIER_BYTES = 512;
/** The longest record id (kind and key values as JSON) accepted, in UTF-8 bytes. */
export const MAX_RECORD_ID_BYTES = 4096;

export const PART_REVISION_STATUSES = ['IN_WORK', 'RELEASED', 'SUPERSEDED'] as const;
export const UNIT_STATUSES = ['IN_PROCESS', 'COMPLETE', 'SHIPPED', 'SCRAPPED'] as const;
export const NCR_STATUSES = ['OPEN', 'DISPOSITIONED', 'CLOSED'] as const;
export const CAPA_STATUSES = ['OPEN', 'IMPLEMENTED', 'VERIFIED', 'CLOSED'] as const;
export const DISPOSITIONS = [
  'USE_AS_IS',
  'REWORK',
  'REPAIR',
  'SCRAP',
  'RETURN_TO_SUPPLIER',
] as const;
export const EFFECTIVITY_TYPES = ['SERIAL', 'LOT', 'DATE'] as const;
export type EffectivityType = (typeof EFFECTIVITY_TYPES)[number];

const one = (...fields: string[]): readonly (readonly string[])[] => fields.map((f) => [f]);

export const KINDS = {
  Site: {
    authority: 'ERP',
    key: one('code'),
    fields: { code: 'string', name: 'text', timezone: 'string' },
  },
  Requirement: {
    authority: 'ALM',
    key: one('id'),
    fields: {
      id: 'string',
      title: 'text',
      text: 'text',
      level: 'string',
      parentId: 'string',
      // traceability links to other requirements (ReqIF SPEC-RELATIONs): this one is the source
      links: { list: { id: 'string', targetId: 'string', type: 'string' } },
    },
  },
  Part: {
    authority: 'PLM',
    key: one('partNumber'),
    fields: {
      partNumber: 'string',
      name: 'text',
      tracking: { enum: ['SERIAL', 'LOT', 'NONE'] },
    },
  },
  PartRevision: {
    authority: 'PLM',
    key: one('partNumber', 'revision'),
    fields: {
      partNumber: 'string',
      revision: 'string',
      status: { enum: PART_REVISION_STATUSES },
      releasedAt: 'instant',
      supersededAt: 'instant',
      drawingNumber: 'string',
      drawingRevision: 'string',
      satisfies: 'string[]',
      changeOrderId: 'string',
    },
  },
  DrawingRevision: {
    authority: 'PLM',
    key: one('drawingNumber', 'revision'),
    fields: {
      drawingNumber: 'string',
      revision: 'string',
      title: 'text',
      releasedAt: 'instant',
      supersededAt: 'instant',
    },
  },
  BomLine: {
    authority: 'PLM',
    key: one('parentPartNumber', 'parentRevision', 'childPartNumber', 'findNumber'),
    fields: {
      parentPartNumber: 'string',
      parentRevision: 'string',
      childPartNumber: 'string',
      findNumber: 'string',
      quantity: 'number',
      bomType: { enum: ['EBOM', 'MBOM'] },
      opNumber: 'string',
    },
  },
  ChangeOrder: {
    authority: 'PLM',
    key: one('id'),
    fields: {
      id: 'string',
      title: 'text',
      releasedAt: 'instant',
      changes: { list: { partNumber: 'string', fromRevision: 'string', toRevision: 'string' } },
      effectivity: {
        // from/to are serials, lots, or (DATE) an ISO date or instant: checked by the validator
        object: { type: { enum: EFFECTIVITY_TYPES }, from: 'string', to: 'string' },
      },
      capaId: 'string',
    },
  },
  RoutingOperation: {
    authority: 'PLM',
    key: one('partNumber', 'revision', 'opNumber'),
    fields: {
      partNumber: 'string',
      revision: 'string',
      opNumber: 'string',
      name: 'text',
      workCenter: 'string',
      workInstructionNumber: 'string',
      inspectionPlanId: 'string',
    },
  },
  WorkInstructionRevision: {
    authority: 'PLM',
    key: one('documentNumber', 'revision'),
    fields: {
      documentNumber: 'string',
      revision: 'string',
      title: 'text',
      releasedAt: 'instant',
      supersededAt: 'instant',
    },
  },
  InspectionPlanRevision: {
    authority: 'QMS',
    key: one('planId', 'revision'),
    fields: {
      planId: 'string',
      revision: 'string',
      releasedAt: 'instant',
      supersededAt: 'instant',
      characteristics: {
        list: {
          id: 'string',
          name: 'text',
          nominal: 'number',
          lower: 'number',
          upper: 'number',
          unit: 'string',
          verifies: 'string[]',
        },
      },
    },
  },
  WorkOrder: {
    authority: 'ERP',
    key: one('id'),
    fields: {
      id: 'string',
      partNumber: 'string',
      revision: 'string',
      quantity: 'number',
      site: 'string',
      releasedAt: 'instant',
      status: 'string',
    },
  },
  Lot: {
    authority: 'ERP',
    key: one('lotNumber'),
    fields: {
      lotNumber: 'string',
      partNumber: 'string',
      supplier: 'string',
      receivedAt: 'instant',
      quantity: 'number',
      // the Catena-X (Tractus-X) twin id, so a partner's recall notice can be traced
      catenaXId: 'string',
    },
  },
  Shipment: {
    authority: 'ERP',
    key: one('id'),
    fields: { id: 'string', shippedAt: 'instant', customer: 'string', serialNumbers: 'string[]' },
  },
  Unit: {
    authority: 'MES',
    key: one('serialNumber'),
    fields: {
      serialNumber: 'string',
      partNumber: 'string',
      workOrderId: 'string',
      site: 'string',
      status: { enum: UNIT_STATUSES },
      completedAt: 'instant',
      catenaXId: 'string',
    },
  },
  OperationExecution: {
    authority: 'MES',
    key: one('id'),
    fields: {
      id: 'string',
      serialNumber: 'string',
      workOrderId: 'string',
      opNumber: 'string',
      workInstructionNumber: 'string',
      workInstructionRevision: 'string',
      equipmentId: 'string',
      operatorId: 'string',
      startedAt: 'instant',
      completedAt: 'instant',
      status: { enum: ['COMPLETED', 'ABORTED'] },
      rework: 'boolean',
    },
  },
  Consumption: {
    authority: 'MES',
    key: [
      ['parentSerialNumber', 'parentLotNumber'],
      ['childSerialNumber', 'childLotNumber'],
    ],
    fields: {
      parentSerialNumber: 'string',
      parentLotNumber: 'string',
      childSerialNumber: 'string',
      childLotNumber: 'string',
      operationExecutionId: 'string',
      quantity: 'number',
      consumedAt: 'instant',
    },
  },
  Equipment: {
    authority: 'MES',
    key: one('id'),
    fields: {
      id: 'string',
      name: 'text',
      type: 'string',
      site: 'string',
      // the machine's nameplate (OPC UA DI / Machinery Identification): who built it, what it is,
      // which one it is, and since when it runs
      manufacturer: 'text',
      model: 'text',
      serialNumber: 'string',
      productInstanceUri: 'string',
      productCode: 'string',
      hardwareRevision: 'string',
      softwareRevision: 'string',
      assetId: 'string',
      yearOfConstruction: 'number',
      monthOfConstruction: 'number',
      initialOperationDate: 'instant',
    },
  },
  Operator: {
    authority: 'MES',
    key: one('id'),
    fields: { id: 'string', qualifications: 'string[]' },
  },
  InspectionResult: {
    authority: 'QMS',
    key: one('id'),
    fields: {
      id: 'string',
      serialNumber: 'string',
      operationExecutionId: 'string',
      planId: 'string',
      planRevision: 'string',
      characteristicId: 'string',
      value: 'number',
      result: { enum: ['PASS', 'FAIL'] },
      // a status the inspection system reported that is neither PASS nor FAIL (kept, no result)
      reportedStatus: 'string',
      inspectedAt: 'instant',
      inspectorId: 'string',
    },
  },
  Nonconformance: {
    authority: 'QMS',
    key: one('id'),
    fields: {
      id: 'string',
      raisedAt: 'instant',
      description: 'text',
      status: { enum: NCR_STATUSES },
      disposition: { enum: DISPOSITIONS },
      serialNumbers: 'string[]',
      lotNumbers: 'string[]',
      operationExecutionId: 'string',
      drawingNumber: 'string',
      drawingRevision: 'string',
      requirementId: 'string',
      characteristicId: 'string',
      capaId: 'string',
    },
  },
  Capa: {
    authority: 'QMS',
    key: one('id'),
    fields: {
      id: 'string',
      status: { enum: CAPA_STATUSES },
      openedAt: 'instant',
      closedAt: 'instant',
      changeOrderIds: 'string[]',
    },
  },
  Reading: {
    authority: 'OT',
    key: one('equipmentId', 'tag', 'sourceTimestamp'),
    fields: {
      equipmentId: 'string',
      tag: 'string',
      sourceTimestamp: 'instant',
      value: 'number',
      unit: 'string',
      quality: 'string',
    },
  },
  FieldEvent: {
    authority: 'MRO',
    key: one('id'),
    fields: {
      id: 'string',
      serialNumber: 'string',
      occurredAt: 'instant',
      type: { enum: ['FAILURE', 'REPAIR', 'RETURN', 'INSPECTION'] },
      description: 'text',
      nonconformanceId: 'string',
    },
  },
} as const satisfies Record<string, KindSpec>;

export type Kind = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as Kind[];

export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(KINDS, value);
}

export function isSource(value: unknown): value is Source {
  return typeof value === 'string' && (SOURCES as readonly string[]).includes(value);
}

export function authorityOf(kind: Kind): Source {
  return KINDS[kind].authority;
}

/** A field value after validation: instants are normalised (see time.ts), nested values kept. */
export type FieldValue = string | number | boolean | readonly string[] | object;
export type RecordData = Readonly<Record<string, FieldValue>>;

/** One validated line of canonical JSON Lines. */
export interface CanonicalRecord {
  readonly kind: Kind;
  readonly source: Source;
  readonly system?: string;
  readonly site?: string;
  /** normalised instant */
  readonly recordedAt: string;
  /** the known fields, validated and normalised; unknown fields live only in `raw` */
  readonly data: RecordData;
  /** the line as received, kept verbatim (ALCOA+: original) */
  readonly raw: string;
  /**
   * Identity of this version of the record: a hash of the whole line (envelope, known and unknown
   * fields) independent of key order and whitespace. Equal hashes are the same version.
   */
  readonly versionHash: string;
  /** 1-based line number in its file */
  readonly line: number;
  /**
   * Set when the record arrived as an event with its own idempotency key (CloudEvents `source`
   * and `id`): a second event with the same key changes nothing, whatever it holds.
   */
  readonly eventKey?: string;
  /** for a record that arrived as an event: the event as received, verbatim (`raw` is the record it was mapped to) */
  readonly original?: string;
}

/** A line that is not a record: where it is, the field the first problem is about, and why. */
export interface Rejection {
  /** 1-based line number in its file */
  readonly line: number;
  /** the field the first problem is about, as a path (`data.startedAt`) */
  readonly field?: string;
  readonly reason: string;
  /** the start of the line as received, for people to find it */
  readonly excerpt?: string;
}

export type ParsedLine =
  | { readonly ok: true; readonly record: CanonicalRecord }
  | { readonly ok: false; readonly rejection: Rejection };

/** The key's values in key order; for "serial or lot" groups, prefixed with the field used. */
export function keyParts(kind: Kind, data: RecordData): string[] {
  return KINDS[kind].key.map((group) => {
    const field = group.find((f) => data[f] !== undefined);
    const value = field === undefined ? '' : (data[field] as string);
    return group.length > 1 && field !== undefined ? `${field}=${value}` : value;
  });
}

/** The graph-wide identity of a record: its kind and key, unambiguous whatever the key holds. */
export function recordId(kind: Kind, data: RecordData): string {
  return JSON.stringify([kind, ...keyParts(kind, data)]);
}

/** The key as people search for it: the display key in lower case (search ignores case). */
export function searchKey(kind: Kind, data: RecordData): string {
  return displayKey(kind, data).toLowerCase();
}

/** The key as people write it: the key values joined with '/', e.g. HX-100/D. */
export function displayKey(kind: Kind, data: RecordData): string {
  return KINDS[kind].key
    .map((group) => {
      const field = group.find((f) => data[f] !== undefined);
      return field === undefined ? '' : (data[field] as string);
    })
    .join('/');
}
