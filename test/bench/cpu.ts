/**
 * CPU time of processes, from /proc (Linux): what a bench's load cost each process, so a ceiling on
 * answers per second can be read off (cores ÷ CPU per answer). Elsewhere: undefined.
 */
import { readFileSync } from 'node:fs';

/** User plus system CPU seconds a process has used so far, or undefined where /proc has none. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the fields after the command name (which may hold spaces) are space-separated
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK) is not reachable from Node). */
const CLOCK_TICKS = 100;

/** CPU seconds each named process used while `work` ran. */
export async function cpuUsedBy<T>(
  pids: Readonly<Record<string, number | undefined>>,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: Record<string, number | undefined> }> {
  const before = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, cpuSeconds(p)]));
  const result = await work();
  const cpu = Object.fromEntries(
    Object.entries(pids).map(([k, p]) => {
      const start = before[k];
      const end = cpuSeconds(p);
      return [k, start === undefined || end === undefined ? undefined : end - start];
    }),
  );
  return { result, cpu };
}
