import type { Logger } from 'pino';
import pino from 'pino';

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};
const PLAIN = new Set(['level', 'time', 'app', 'msg', 'pid', 'hostname']);

/**
 * Structured logs go to stderr, so stdout stays for what a command answers: JSON lines for
 * machines, one readable line per entry when a person watches the terminal.
 */
export function createLogger(level: string, human = process.stderr.isTTY === true): Logger {
  if (!human)
    return pino({ level, base: { app: 'threadgraph' } }, pino.destination({ fd: 2, sync: true }));
  return pino(
    { level, base: undefined },
    {
      write(line: string) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        const extra = Object.entries(entry)
          .filter(([k]) => !PLAIN.has(k))
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(' ');
        const time = new Date(entry.time as number).toISOString().slice(11, 19);
        process.stderr.write(
          `${time} ${LEVELS[entry.level as number] ?? ''} ${typeof entry.msg === 'string' ? entry.msg : ''}${extra ? ` ${extra}` : ''}\n`,
        );
      },
    },
  );
}
