/** OPC UA for people: what `simulate` serves, and the tree `opcua browse` found. */
import type { BrowseAnswer, BrowsedNode } from '../../collector/browse';
import type { RunningSimulator } from '../../collector/simulator';

/** What the simulator serves and which machines tell a story, relative to now. */
export function describeSimulation(
  sim: RunningSimulator,
  configFile: string | undefined,
  now = Date.now(),
): string {
  const { plant } = sim;
  const sites = [...new Set(plant.machines.map((m) => m.site))];
  const lines = [
    `simulating ${plant.machines.length} machine${plant.machines.length === 1 ? '' : 's'} at ` +
      `${sites.join(' and ')} (${sim.nodes.length} signals, set every ${sim.intervalMs} ms): ` +
      `operations of ${duration(plant.operationMs)}, ${duration(plant.idleMs)} idle between`,
  ];
  if (plant.drifting !== undefined) {
    lines.push(
      `${plant.drifting}'s vibration drifts: yellow (≥ 2.8 mm/s) ${from(plant.yellowAt, now)}, ` +
        `red (≥ 4.5 mm/s) ${from(plant.redAt, now)}; its temperature rises with it`,
    );
  }
  if (plant.reset !== undefined) {
    lines.push(
      `${plant.reset.equipmentId} stops for maintenance ${from(plant.reset.from, now)} for ` +
        `${duration(plant.reset.until - plant.reset.from)}; its energy counter then starts again from 0`,
    );
  }
  if (configFile !== undefined) {
    lines.push(`collector config written: threadgraph collect --config ${configFile}`);
  }
  lines.push(`see it: threadgraph opcua browse ${sim.endpointUrl} --depth 3 — stop with Ctrl+C`);
  return `${lines.join('\n')}\n`;
}

/** The browsed tree, one node a line, indented by depth: name, class, NodeId, type = value unit. */
export function renderBrowse(answer: BrowseAnswer): string {
  const lines = [`${answer.url}  ${line(answer.start)}`];
  const walk = (nodes: readonly BrowsedNode[] | undefined, indent: string) => {
    for (const n of nodes ?? []) {
      lines.push(`${indent}${line(n)}`);
      walk(n.children, `${indent}  `);
    }
  };
  walk(answer.start.children, '  ');
  lines.push(
    `${answer.count} node${answer.count === 1 ? '' : 's'} to depth ${answer.depth}` +
      (answer.truncated
        ? ' — cut at --max-nodes: browse from a node further down, or raise it'
        : ''),
  );
  return lines.join('\n');
}

function line(n: BrowsedNode): string {
  const head = `${n.browseName}  ${n.nodeClass}  ${n.nodeId}`;
  if (n.nodeClass !== 'Variable') return head;
  const value =
    typeof n.value === 'string' ? JSON.stringify(n.value) : JSON.stringify(n.value ?? null);
  return `${head}  ${n.dataType ?? '?'} = ${value}${n.engineeringUnits ? ` ${n.engineeringUnits}` : ''}`;
}

function from(at: number, now: number): string {
  return at <= now ? 'already' : `in ${duration(at - now)}`;
}

/** 95 000 → "1 min 35 s"; 60 000 → "1 min"; 15 000 → "15 s" */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const min = Math.floor(s / 60);
  const rest = s % 60;
  if (min === 0) return `${rest} s`;
  return rest === 0 ? `${min} min` : `${min} min ${rest} s`;
}
