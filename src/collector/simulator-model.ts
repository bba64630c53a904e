/**
 * The simulated plant's address space, modelled on OPC UA for Machinery (OPC 40001-1): each
 * machine of the live plant (demo/live-plant.ts) is an object in Machinery's `Machines` folder
 * with an `Identification` add-in of MachineIdentificationType (Manufacturer, Model, ProductCode,
 * SerialNumber, ProductInstanceUri, YearOfConstruction, MonthOfConstruction, AssetId — the
 * equipment id, so a NodeSet2 export maps back onto the demo's Equipment) and a `Monitoring`
 * object holding the five signals. The DI, IA and Machinery nodesets load in about a second
 * (node-opcua replays its precompiled images of them), so the real types are used rather than a
 * look-alike built by hand.
 *
 * NodeIds are strings in the plant's namespace (urn:threadgraph:simulated-plant, index 1: the
 * server's own namespace comes first after the standard one), predictable so that a collector
 * config is easy to write by hand:
 *   ns=1;s=<equipmentId>                    the machine
 *   ns=1;s=<equipmentId>.Identification     its nameplate (…Identification-SerialNumber, …)
 *   ns=1;s=<equipmentId>.EnergyCounter      Double, kWh (AnalogItemType, EngineeringUnits KWH)
 *   ns=1;s=<equipmentId>.MotorCurrent       Double, A (AMP)
 *   ns=1;s=<equipmentId>.VibrationVelocity  Double, mm/s RMS (C16)
 *   ns=1;s=<equipmentId>.Temperature        Double, °C (CEL)
 *   ns=1;s=<equipmentId>.MachineState       String: RUNNING, IDLE or STOPPED
 *   ns=1;s=Simulation.Produced              UInt64: samples set since the start (all machines)
 * Every signal variable is read-only for clients.
 */
import type { Meaning } from '../domain/kpi';
import type { AddressSpace, Namespace, UAObject, UAVariable } from 'node-opcua';
import { DataType, VariantArrayType, makeEUInformation } from 'node-opcua';
import type { LiveMachine, LivePlant, MachineSnapshot, MachineState } from '../demo/live-plant';

export const PLANT_NAMESPACE_URI = 'urn:threadgraph:simulated-plant';
const DI_URI = 'http://opcfoundation.org/UA/DI/';
const MACHINERY_URI = 'http://opcfoundation.org/UA/Machinery/';
/** Machinery's `Machines` folder (ns=<Machinery>;i=1001) */
const MACHINES_FOLDER = 1001;

export type Tag =
  'EnergyCounter' | 'MotorCurrent' | 'VibrationVelocity' | 'Temperature' | 'MachineState';
/** what a signal means: the meanings of the collector config */
export type SignalMeaning = Meaning;

/** How the collector is to read MachineState (a text): its numbers. */
export const MACHINE_STATE_VALUES: Readonly<Record<MachineState, number>> = {
  STOPPED: 0,
  IDLE: 1,
  RUNNING: 2,
};

interface Signal {
  readonly tag: Tag;
  readonly meaning: SignalMeaning;
  /** the unit as the collector config names it (UCUM) */
  readonly unit: string;
  /** UN/CEFACT common code, symbol, name: the variable's EngineeringUnits */
  readonly eu?: readonly [string, string, string];
  readonly range?: readonly [number, number];
  readonly description: string;
  readonly value: (s: MachineSnapshot) => number | string;
}

/** The five signals of every machine, in the order they are set. */
export const SIGNALS: readonly Signal[] = [
  {
    tag: 'EnergyCounter',
    meaning: 'energy_counter',
    unit: 'kWh',
    eu: ['KWH', 'kWh', 'kilowatt hour'],
    range: [0, 10_000_000],
    description: 'active energy meter of the machine; it falls to 0 when the meter is replaced',
    value: (s) => s.energyKwh,
  },
  {
    tag: 'MotorCurrent',
    meaning: 'motor_current',
    unit: 'A',
    eu: ['AMP', 'A', 'ampere'],
    range: [0, 100],
    description: 'main drive motor current, RMS',
    value: (s) => s.motorCurrentA,
  },
  {
    tag: 'VibrationVelocity',
    meaning: 'vibration_velocity',
    unit: 'mm/s',
    eu: ['C16', 'mm/s', 'millimetre per second'],
    range: [0, 50],
    description: 'vibration velocity at the motor bearing, RMS 10–1000 Hz (ISO 10816-3)',
    value: (s) => s.vibrationMmS,
  },
  {
    tag: 'Temperature',
    meaning: 'temperature',
    unit: 'Cel',
    eu: ['CEL', '°C', 'degree Celsius'],
    range: [-20, 150],
    description: 'motor winding temperature',
    value: (s) => s.temperatureC,
  },
  {
    tag: 'MachineState',
    meaning: 'machine_state',
    unit: '1',
    description: 'RUNNING (an operation runs), IDLE (between operations) or STOPPED',
    value: (s) => s.state,
  },
];

/** One signal of one machine as served. */
export interface SimulatedNode {
  readonly nodeId: string;
  readonly equipmentId: string;
  readonly site: string;
  readonly tag: Tag;
  readonly meaning: SignalMeaning;
  readonly unit: string;
}

export interface PlantSpace {
  readonly namespaceIndex: number;
  /** per machine (in the plant's order), its variables in SIGNALS order */
  readonly variables: readonly (readonly UAVariable[])[];
  readonly nodes: readonly SimulatedNode[];
  readonly produced: UAVariable;
}

/** Makes the plant's machines, nameplates and signals in a server's address space. */
export function buildPlantSpace(
  addressSpace: AddressSpace,
  plant: LivePlant,
  intervalMs: number,
): PlantSpace {
  const ns = addressSpace.getOwnNamespace();
  if (ns.namespaceUri !== PLANT_NAMESPACE_URI) {
    throw new Error(`the server's own namespace is ${ns.namespaceUri}, not ${PLANT_NAMESPACE_URI}`);
  }
  const di = addressSpace.getNamespaceIndex(DI_URI);
  const machinery = addressSpace.getNamespaceIndex(MACHINERY_URI);
  const folder = addressSpace.findNode(`ns=${machinery};i=${MACHINES_FOLDER}`);
  const identificationType = addressSpace.findObjectType('MachineIdentificationType', machinery);
  if (di < 0 || machinery < 0 || !folder || !identificationType) {
    throw new Error('the OPC UA for Machinery nodesets are not loaded');
  }
  const prefix = `ns=${ns.index};s=`;
  const variables: UAVariable[][] = [];
  const nodes: SimulatedNode[] = [];
  for (const m of plant.machines) {
    const machine = ns.addObject({
      browseName: m.equipmentId,
      nodeId: `s=${m.equipmentId}`,
      organizedBy: folder,
      description: `${m.name}, ${m.site} (${m.partNumber} operation ${m.opNumber})`,
    });
    const identification = identificationType.instantiate({
      browseName: { name: 'Identification', namespaceIndex: di },
      nodeId: `s=${m.equipmentId}.Identification`,
      addInOf: machine,
      optionals: [
        'Manufacturer',
        'Model',
        'ProductCode',
        'SerialNumber',
        'YearOfConstruction',
        'MonthOfConstruction',
        'AssetId',
      ],
    });
    nameplate(identification, m);
    const monitoring = ns.addObject({
      browseName: 'Monitoring',
      nodeId: `s=${m.equipmentId}.Monitoring`,
      componentOf: machine,
    });
    variables.push(SIGNALS.map((s) => signalVariable(ns, monitoring, m, s)));
    for (const s of SIGNALS) {
      nodes.push({
        nodeId: `${prefix}${m.equipmentId}.${s.tag}`,
        equipmentId: m.equipmentId,
        site: m.site,
        tag: s.tag,
        meaning: s.meaning,
        unit: s.unit,
      });
    }
  }
  const produced = simulationObject(ns, addressSpace, plant, intervalMs);
  return { namespaceIndex: ns.index, variables, nodes, produced };
}

function signalVariable(ns: Namespace, parent: UAObject, m: LiveMachine, s: Signal): UAVariable {
  const common = {
    browseName: s.tag,
    nodeId: `s=${m.equipmentId}.${s.tag}`,
    componentOf: parent,
    description: s.description,
    accessLevel: 'CurrentRead',
    userAccessLevel: 'CurrentRead',
    // exception-based: a client sampling at 0 sees every value the tick sets
    minimumSamplingInterval: 0,
  } as const;
  if (s.eu === undefined || s.range === undefined) {
    return ns.addVariable({
      ...common,
      dataType: 'String',
      value: { dataType: DataType.String, value: 'IDLE' },
    });
  }
  return ns.addAnalogDataItem({
    ...common,
    dataType: 'Double',
    engineeringUnits: makeEUInformation(...s.eu),
    engineeringUnitsRange: { low: s.range[0], high: s.range[1] },
    value: { dataType: DataType.Double, value: 0 },
  });
}

/** `Simulation`: how many samples were produced, the tick, which machines tell the stories. */
function simulationObject(
  ns: Namespace,
  addressSpace: AddressSpace,
  plant: LivePlant,
  intervalMs: number,
): UAVariable {
  const simulation = ns.addObject({
    browseName: 'Simulation',
    nodeId: 's=Simulation',
    organizedBy: addressSpace.rootFolder.objects,
    description: 'the simulated plant itself',
  });
  const fixed = (name: string, dataType: DataType, value: unknown, description: string) =>
    ns.addVariable({
      browseName: name,
      nodeId: `s=Simulation.${name}`,
      componentOf: simulation,
      dataType: DataType[dataType],
      accessLevel: 'CurrentRead',
      userAccessLevel: 'CurrentRead',
      description,
      value: { dataType, value },
    });
  fixed('IntervalMs', DataType.Double, intervalMs, 'the tick: every signal is set this often');
  fixed(
    'DriftingMachine',
    DataType.String,
    plant.drifting ?? '',
    'the machine whose vibration drifts into yellow, then red',
  );
  fixed(
    'CounterResetMachine',
    DataType.String,
    plant.reset?.equipmentId ?? '',
    'the machine stopped for maintenance whose energy counter starts again from 0',
  );
  return ns.addVariable({
    browseName: 'Produced',
    nodeId: 's=Simulation.Produced',
    componentOf: simulation,
    dataType: 'UInt64',
    accessLevel: 'CurrentRead',
    userAccessLevel: 'CurrentRead',
    minimumSamplingInterval: 0,
    description: 'samples set since the start, all machines and signals together',
    value: { dataType: DataType.UInt64, arrayType: VariantArrayType.Scalar, value: [0, 0] },
  });
}

/** Manufacturer and model by work centre (invented makers: the plant is a demo). */
const MAKERS: Readonly<Record<string, readonly [string, string, string]>> = {
  CNC: ['Kessler Werkzeugmaschinen GmbH', 'KMC 650', 'KMC'],
  ASSY: ['Norda Automation AB', 'NA-Cell 300', 'NAC'],
  TEST: ['Lindner Prüftechnik GmbH', 'LT 40 Leak & Flow', 'LTF'],
  QA: ['Metrion Measuring Ltd', 'Metrion CMM 5', 'MCM'],
  FIN: ['Aquajet Surface Systems', 'AJ Wash 2', 'AJW'],
  BAL: ['Rotabal S.r.l.', 'RB 80', 'RBA'],
};

/** The nameplate of a machine: the same every time for the same equipment id. */
function nameplate(identification: UAObject, m: LiveMachine): void {
  const [manufacturer, model, code] = MAKERS[m.workCenter] ?? ['Generic Machines', 'GM 1', 'GM'];
  const year = 2012 + (m.key % 11);
  const month = 1 + (Math.floor(m.key / 11) % 12);
  const serial = `${code}-${year}-${String(m.key % 100_000).padStart(5, '0')}`;
  const slug = manufacturer
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/-+$/, '');
  const set = (name: string, dataType: DataType, value: unknown) => {
    const property = identification.getChildByName(name) as UAVariable | null;
    if (property === null) throw new Error(`Identification has no ${name}`);
    property.setValueFromSource({ dataType, value });
    property.accessLevel = property.userAccessLevel = 1; // CurrentRead: a nameplate, not a setting
  };
  set('Manufacturer', DataType.LocalizedText, { text: manufacturer });
  set('Model', DataType.LocalizedText, { text: model });
  set('ProductCode', DataType.String, `${code}-${model.replace(/\D+/g, '')}`);
  set('SerialNumber', DataType.String, serial);
  set('ProductInstanceUri', DataType.String, `urn:${slug}:${serial}`);
  set('YearOfConstruction', DataType.UInt16, year);
  set('MonthOfConstruction', DataType.Byte, month);
  set('AssetId', DataType.String, m.equipmentId);
}
