/**
 * The live plant: the demo thread's machines at work now, for `threadgraph simulate` (which serves
 * these signals over OPC UA) and `threadgraph start` (which posts the MES side). Pure and
 * deterministic: the same plant, options and instant give the same answer, at any time, in any
 * order of asking — nothing is stepped, every value is a closed form of the time.
 *
 * The machines are the demo thread's (demo-machines.ts); live-mes.ts writes the MES records of
 * the operations.
 *
 * Schedule. Each machine repeats a cycle: an operation (`operationMs`, default 60 s) then idle
 * (`idleMs`, 15 s). Cycles are counted from PLANT_EPOCH, so an operation's id
 * (`OE-LIVE-<equipment>-<cycle>`) names the same slot of time whenever the plant runs: a restart
 * repeats, never contradicts, what was posted. A line is the cells of one number at one site
 * serving one part (A-CNC-MH10-01 and A-FIN-MH20-01 are line PLANT-A/MH-200/1); its machines
 * share an offset, so a unit flows through the routing one cycle per operation — the unit that
 * op j of a line works on in cycle c entered op 0 in cycle c − j. Line L starts its cycles
 * `round(frac(L × 0.618034) × cycle)` seconds after the epoch (a golden-ratio spread, stable
 * whatever the number of machines), so machines do not all change state together.
 *
 * Signals, per machine: energy counter (kWh; the demo's 7.5 kW for CNC, 1.8 kW elsewhere while
 * running, 12 % of that idle, none stopped), motor current (A, from that power at 400 V
 * three-phase, power factor 0.85), vibration velocity (mm/s RMS; the motor turns between
 * operations too, so it reads the machine's condition whether running or idle, and a floor when
 * stopped) and temperature (°C, a first-order lag, τ 20 s, towards a running and an idle level,
 * cooling to 25 °C when stopped), each with small deterministic noise keyed by the millisecond.
 * The counter carries no noise, so it never steps back — except once, on purpose (below).
 *
 * Two machines tell a story (both can be chosen in the options):
 * - drifting (default A-CNC-IMP10-01): vibration rises from 1.8 mm/s at the start, crosses into
 *   zone C (yellow, ≥ 2.8) `yellowAfterMs` after the start (2 min) and zone D (red, ≥ 4.5)
 *   `redAfterMs` after it (5 min), then on at the same rate to 6.6 mm/s; its temperatures rise
 *   9 °C per mm/s above 1.8, so it runs past 80 °C (warn) about when it turns red and past
 *   95 °C (alarm) at the end of its runs a few minutes later.
 * - counter reset (default B-CNC-MH10-01): stopped for maintenance for `stopCycles` cycles (2),
 *   from the first cycle that starts `resetAfterMs` (3 min) after the start; its energy meter is
 *   replaced, so the counter reads 0 from the stop and counts up from there.
 */
import type { DemoMachine, DemoPlant } from './demo-machines';
import { plantMachines } from './demo-machines';
import { Random } from './generate';

/** Where cycles are counted from. Cycle numbers, ids and serials are the same across restarts. */
export const PLANT_EPOCH = Date.UTC(2024, 0, 1);
/** ISO 10816-3, group 2, rigid foundation: zone C (yellow) from 2.8 mm/s, zone D (red) from 4.5. */
export const VIBRATION_YELLOW = 2.8;
export const VIBRATION_RED = 4.5;

export type MachineState = 'RUNNING' | 'IDLE' | 'STOPPED';

export interface LivePlantOptions {
  /** when the plant started (epoch ms): the drift and the counter reset are timed from it */
  readonly startedAt: number;
  /** the first N machines of the demo (default: all); past the demo's, more cells are added */
  readonly machines?: number;
  readonly operationMs?: number;
  readonly idleMs?: number;
  readonly seed?: number;
  /** scale of the noise: 1 (default), 0 for none */
  readonly noise?: number;
  /**
   * the drifting machine (default A-CNC-IMP10-01, else the first CNC machine, else the first);
   * null: none
   */
  readonly drifting?: string | null;
  readonly yellowAfterMs?: number;
  readonly redAfterMs?: number;
  /** the machine whose counter resets (default B-CNC-MH10-01, else the last other); null: none */
  readonly counterReset?: string | null;
  readonly resetAfterMs?: number;
  readonly stopCycles?: number;
}

/** A machine of the live plant, with its constants. */
export interface LiveMachine extends DemoMachine {
  /** line (see the header): machines of one line share their offset */
  readonly line: number;
  /** where its cycles start, after PLANT_EPOCH */
  readonly offsetMs: number;
  readonly runKw: number;
  readonly idleKw: number;
  /** counter reading at the start of its cycle 0 */
  readonly baseKwh: number;
  /** vibration level when healthy, mm/s */
  readonly vibration: number;
  readonly runC: number;
  readonly idleC: number;
  /** noise key */
  readonly key: number;
}

export interface LivePlant {
  readonly demo: DemoPlant;
  readonly machines: readonly LiveMachine[];
  readonly startedAt: number;
  readonly operationMs: number;
  readonly idleMs: number;
  readonly cycleMs: number;
  readonly seed: number;
  readonly noise: number;
  readonly drifting: string | undefined;
  readonly yellowAt: number;
  readonly redAt: number;
  /** the maintenance stop of the counter-reset machine: [from, until) */
  readonly reset:
    { readonly equipmentId: string; readonly from: number; readonly until: number } | undefined;
}

/** The operation a machine is running. */
export interface LiveOperation {
  /** OE-LIVE-<equipment>-<cycle> */
  readonly id: string;
  readonly cycle: number;
  readonly serialNumber: string;
  readonly partNumber: string;
  readonly opNumber: string;
  readonly workOrderId: string | undefined;
  readonly startedAt: number;
  readonly endsAt: number;
}

/** What a machine shows at one instant. */
export interface MachineSnapshot {
  readonly equipmentId: string;
  readonly state: MachineState;
  readonly operation: LiveOperation | null;
  readonly energyKwh: number;
  readonly motorCurrentA: number;
  readonly vibrationMmS: number;
  readonly temperatureC: number;
}

const DEMO_MACHINE_DRIFTING = 'A-CNC-IMP10-01';
const DEMO_MACHINE_RESET = 'B-CNC-MH10-01';
const GOLDEN = 0.618034;
/** amperes per kilowatt: 400 V three-phase at power factor 0.85 */
export const AMPS_PER_KW = 1000 / (Math.sqrt(3) * 400 * 0.85);
const IDLE_SHARE = 0.12;
const AMBIENT_C = 25;
const TAU_MS = 20_000;
const TAU_STOPPED_MS = 60_000;
const DRIFT_FROM = 1.8;
const DRIFT_TO = 6.6;
const DRIFT_C_PER_MM_S = 9;
const STOPPED_VIBRATION = 0.05;

/** The live plant: its machines with their constants, the drifting one and the counter reset. */
export function planLivePlant(demo: DemoPlant, options: LivePlantOptions): LivePlant {
  const operationMs = options.operationMs ?? 60_000;
  const idleMs = options.idleMs ?? 15_000;
  const cycleMs = operationMs + idleMs;
  const seed = options.seed ?? 1;
  if (!(operationMs > 0) || !(idleMs >= 0))
    throw new RangeError('operationMs must be > 0, idleMs ≥ 0');
  const count = options.machines ?? demo.machines.length;
  const chosen = plantMachines(demo, count);
  const lines = new Map<string, number>();
  const machines = chosen.map((m): LiveMachine => {
    const lineKey = `${m.site}/${m.partNumber}/${m.cell}`;
    const line = lines.get(lineKey) ?? lines.size;
    lines.set(lineKey, line);
    const key = hashString(`${seed}:${m.equipmentId}`);
    const rnd = new Random(key);
    const cnc = m.workCenter === 'CNC';
    const runKw = cnc ? 7.5 : 1.8;
    const runC = (cnc ? 58 : 50) + round(rnd.next() * 4 - 2, 1);
    return {
      ...m,
      line,
      offsetMs: Math.round(((line * GOLDEN) % 1) * (cycleMs / 1000)) * 1000,
      runKw,
      idleKw: runKw * IDLE_SHARE,
      baseKwh: round(10_000 + rnd.next() * 40_000, 1),
      vibration: round(0.9 + rnd.next() * 1.1, 2),
      runC,
      idleC: runC - 8,
      key,
    };
  });
  const has = (id: string | null | undefined) => machines.some((m) => m.equipmentId === id);
  const drifting =
    options.drifting === null
      ? undefined
      : options.drifting !== undefined
        ? known(options.drifting)
        : has(DEMO_MACHINE_DRIFTING)
          ? DEMO_MACHINE_DRIFTING
          : (machines.find((m) => m.workCenter === 'CNC') ?? machines[0])?.equipmentId;
  const resetId =
    options.counterReset === null
      ? undefined
      : options.counterReset !== undefined
        ? known(options.counterReset)
        : has(DEMO_MACHINE_RESET) && DEMO_MACHINE_RESET !== drifting
          ? DEMO_MACHINE_RESET
          : machines.findLast((m) => m.equipmentId !== drifting)?.equipmentId;
  const yellowAt = options.startedAt + (options.yellowAfterMs ?? 120_000);
  const redAt = options.startedAt + (options.redAfterMs ?? 300_000);
  if (!(redAt > yellowAt && yellowAt > options.startedAt)) {
    throw new RangeError('the drift needs 0 < yellowAfterMs < redAfterMs');
  }
  let reset: LivePlant['reset'];
  const resetMachine = machines.find((m) => m.equipmentId === resetId);
  if (resetMachine) {
    const due = options.startedAt + (options.resetAfterMs ?? 180_000);
    const cycle = Math.ceil((due - PLANT_EPOCH - resetMachine.offsetMs) / cycleMs);
    const from = PLANT_EPOCH + resetMachine.offsetMs + cycle * cycleMs;
    reset = {
      equipmentId: resetMachine.equipmentId,
      from,
      until: from + (options.stopCycles ?? 2) * cycleMs,
    };
  }
  return {
    demo,
    machines,
    startedAt: options.startedAt,
    operationMs,
    idleMs,
    cycleMs,
    seed,
    noise: options.noise ?? 1,
    drifting,
    yellowAt,
    redAt,
    reset,
  };

  function known(id: string): string {
    if (!has(id)) throw new RangeError(`${id} is not one of the plant's machines`);
    return id;
  }
}

/** Every machine at instant `t` (epoch ms, fractions allowed). */
export function plantAt(plant: LivePlant, t: number): MachineSnapshot[] {
  return plant.machines.map((m) => machineAt(plant, m, t));
}

/** One machine at instant `t` (epoch ms, fractions allowed). */
export function machineAt(plant: LivePlant, m: LiveMachine, t: number): MachineSnapshot {
  const { operationMs, idleMs, cycleMs } = plant;
  const since = t - PLANT_EPOCH - m.offsetMs;
  const cycle = Math.floor(since / cycleMs);
  const inCycle = since - cycle * cycleMs;
  const stop = plant.reset?.equipmentId === m.equipmentId ? plant.reset : undefined;
  const stopped = stop !== undefined && t >= stop.from && t < stop.until;
  const state: MachineState = stopped ? 'STOPPED' : inCycle < operationMs ? 'RUNNING' : 'IDLE';
  const noise = (signal: number) =>
    plant.noise === 0 ? 0 : plant.noise * unitNoise(m.key, signal, t);

  // the counter: base + energy since cycle 0 (closed form); after a reset, since the stop ended
  const energy = (at: number) => {
    const s = at - PLANT_EPOCH - m.offsetMs;
    const c = Math.floor(s / cycleMs);
    const within = s - c * cycleMs;
    const perCycle = m.runKw * operationMs + m.idleKw * idleMs;
    const part =
      m.runKw * Math.min(within, operationMs) + m.idleKw * Math.max(0, within - operationMs);
    return (c * perCycle + part) / 3_600_000;
  };
  let energyKwh: number;
  if (stop === undefined || t < stop.from) energyKwh = m.baseKwh + energy(t);
  else if (stopped) energyKwh = 0;
  else energyKwh = energy(t) - energy(stop.until);

  const drifts = plant.drifting === m.equipmentId;
  const level = drifts ? driftLevel(plant, t) : m.vibration;
  const excess = drifts ? level - DRIFT_FROM : 0; // mm/s above healthy: more heat, more current
  const run = m.runC + DRIFT_C_PER_MM_S * excess;
  const idle = m.idleC + DRIFT_C_PER_MM_S * excess;

  let current: number;
  let vibration: number;
  let temperature: number;
  if (stopped) {
    current = 0;
    vibration = STOPPED_VIBRATION * (1 + 0.4 * noise(2));
    temperature = cooled(periodicStart(run, idle), t - stop.from);
  } else {
    const load = state === 'RUNNING' ? m.runKw * (1 + 0.04 * excess) : m.idleKw;
    current = load * AMPS_PER_KW * (1 + 0.015 * noise(1));
    vibration = level * (1 + 0.02 * noise(2));
    // the first cycle after a stop warms up from where the stop left it; later ones are periodic
    const afterStop = stop !== undefined && t >= stop.until && t < stop.until + cycleMs;
    const start = afterStop
      ? cooled(periodicStart(run, idle), stop.until - stop.from)
      : periodicStart(run, idle);
    temperature =
      state === 'RUNNING'
        ? lag(run, start, inCycle)
        : lag(idle, lag(run, start, operationMs), inCycle - operationMs);
  }
  temperature += 0.3 * noise(3);

  return {
    equipmentId: m.equipmentId,
    state,
    operation: state === 'RUNNING' ? operationOf(plant, m, cycle) : null,
    energyKwh: round(energyKwh, 4),
    motorCurrentA: round(current, 3),
    vibrationMmS: round(vibration, 3),
    temperatureC: round(temperature, 2),
  };

  /** temperature at the start of a run when runs and idles alternate for ever (first-order lag) */
  function periodicStart(run: number, idle: number): number {
    const a = Math.exp(-operationMs / TAU_MS);
    const b = Math.exp(-idleMs / TAU_MS);
    return (idle * (1 - b) + b * (1 - a) * run) / (1 - a * b);
  }
  function cooled(from: number, ms: number): number {
    return AMBIENT_C + (from - AMBIENT_C) * Math.exp(-ms / TAU_STOPPED_MS);
  }
}

/** The drifting machine's vibration level at `t`, noise aside. */
export function driftLevel(plant: LivePlant, t: number): number {
  const { startedAt, yellowAt, redAt } = plant;
  if (t <= startedAt) return DRIFT_FROM;
  if (t <= yellowAt) {
    return (
      DRIFT_FROM + ((t - startedAt) / (yellowAt - startedAt)) * (VIBRATION_YELLOW - DRIFT_FROM)
    );
  }
  const rate = (VIBRATION_RED - VIBRATION_YELLOW) / (redAt - yellowAt);
  return Math.min(DRIFT_TO, VIBRATION_YELLOW + (t - yellowAt) * rate);
}

/** The operation of machine `m` in cycle `cycle` (whether or not it ran: see operationRan). */
export function operationOf(plant: LivePlant, m: LiveMachine, cycle: number): LiveOperation {
  const startedAt = PLANT_EPOCH + m.offsetMs + cycle * plant.cycleMs;
  const unit = cycle - m.step;
  return {
    id: `OE-LIVE-${m.equipmentId}-${cycle}`,
    cycle,
    serialNumber: `${m.serialPrefix}L${m.site.slice(-1)}${unit * 100 + m.cell + 1}`,
    partNumber: m.partNumber,
    opNumber: m.opNumber,
    workOrderId: plant.demo.workOrders.get(`${m.site}/${m.partNumber}`),
    startedAt,
    endsAt: startedAt + plant.operationMs,
  };
}

/** Whether machine `m` ran operation `op` (not when stopped for maintenance). */
export function operationRan(plant: LivePlant, m: LiveMachine, op: LiveOperation): boolean {
  const stop = plant.reset;
  return !(
    stop?.equipmentId === m.equipmentId &&
    op.startedAt >= stop.from &&
    op.startedAt < stop.until
  );
}

/** A first-order lag: from `start` towards `target` after `ms`. */
function lag(target: number, start: number, ms: number): number {
  return target + (start - target) * Math.exp(-ms / TAU_MS);
}

/** Deterministic noise in [-1, 1): the same for the same machine, signal and millisecond. */
function unitNoise(key: number, signal: number, t: number): number {
  const ms = Math.floor(t);
  let h = mix(key ^ Math.imul(signal + 1, 0x9e3779b1));
  h = mix(h ^ (ms >>> 0));
  h = mix(h ^ Math.floor(ms / 4_294_967_296));
  return (h >>> 0) / 2_147_483_648 - 1;
}

/** murmur3's finaliser: every input bit flips about half the output bits */
function mix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix(h);
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
