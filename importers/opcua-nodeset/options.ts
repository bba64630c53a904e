/**
 * The options an OPC UA NodeSet import takes (the CLI and jobs pass them as text), checked before
 * anything is read: every problem is listed at once, and a parse with a bad option does not start.
 */

/** The Equipment field the id is taken from (MAPPING.md rule M1). */
export const ID_FROM = ['assetId', 'productInstanceUri', 'serialNumber'] as const;
export type IdFrom = (typeof ID_FROM)[number];

/** Who says the machine's identity: the machine itself (OT), or the MES by the site's agreement. */
export const EQUIPMENT_SOURCES = ['OT', 'MES'] as const;
export type EquipmentSource = (typeof EQUIPMENT_SOURCES)[number];

export interface OpcuaNodesetOptionText {
  /** the site code put on every Equipment (a nodeset names none) */
  readonly site?: string;
  /** the sending system (a nodeset names none) */
  readonly system?: string;
  /** the one property every id is taken from; default: the first of AssetId, ProductInstanceUri, Manufacturer/SerialNumber */
  readonly idFrom?: string;
  /** `OT` (default: a governance violation, Equipment's authority being the MES) or `MES` */
  readonly equipmentSource?: string;
}

export const OPCUA_NODESET_OPTION_NAMES = [
  'site',
  'system',
  'idFrom',
  'equipmentSource',
] as const satisfies readonly (keyof OpcuaNodesetOptionText)[];

export interface OpcuaNodesetOptions {
  readonly site?: string;
  readonly system?: string;
  readonly idFrom?: IdFrom;
  readonly equipmentSource: EquipmentSource;
}

/** Every problem with the options (empty: they can be used); other formats' options are passed over. */
export function checkOpcuaNodesetOptions(
  options: Readonly<Record<string, string | undefined>>,
): string[] {
  const problems: string[] = [];
  const { site, system, idFrom, equipmentSource } = options;
  for (const [name, v] of [
    ['site', site],
    ['system', system],
  ] as const) {
    if (v !== undefined && v.trim() === '') problems.push(`${name} is blank`);
  }
  if (idFrom !== undefined && !(ID_FROM as readonly string[]).includes(idFrom)) {
    problems.push(`idFrom must be ${ID_FROM.join(', ')}, not ${JSON.stringify(idFrom)}`);
  }
  if (
    equipmentSource !== undefined &&
    !(EQUIPMENT_SOURCES as readonly string[]).includes(equipmentSource)
  ) {
    problems.push(`equipmentSource must be OT or MES, not ${JSON.stringify(equipmentSource)}`);
  }
  return problems;
}

/** Options as text → options as used; throws with every problem when they cannot be used. */
export function readOpcuaNodesetOptions(
  options: Readonly<Record<string, string | undefined>>,
): OpcuaNodesetOptions {
  const problems = checkOpcuaNodesetOptions(options);
  if (problems.length > 0) throw new Error(`opcua-nodeset options: ${problems.join('; ')}`);
  return {
    equipmentSource: (options.equipmentSource ?? 'OT') as EquipmentSource,
    ...(options.site === undefined ? {} : { site: options.site }),
    ...(options.system === undefined ? {} : { system: options.system }),
    ...(options.idFrom === undefined ? {} : { idFrom: options.idFrom as IdFrom }),
  };
}
