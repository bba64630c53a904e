import type { DestinationStream, Logger } from 'pino';
import pino from 'pino';

/**
 * Fields a log entry must never carry in the clear, at the top of what is logged and one or two
 * levels down: a request's credentials (Authorization, cookies, an API key header), passwords and
 * tokens, and the configuration's secrets (the environment that `passwordEnv` is looked up in).
 * Logs are copied to places that hold no secrets: anything logged here by mistake is censored.
 * The value goes, the key stays, so an entry still says that a credential was there.
 */
export const REDACTED_PATHS: readonly string[] = [
  // a key with a hyphen is written in brackets (fast-redact's syntax)
  ...['.authorization', '.cookie', '["set-cookie"]', '["x-api-key"]'].flatMap((h) => [
    `headers${h}`,
    `*.headers${h}`,
    `*.*.headers${h}`,
  ]),
  ...[
    'authorization',
    'password',
    'passphrase',
    'secret',
    'clientSecret',
    'token',
    'accessToken',
    'refreshToken',
    'idToken',
    'apiKey',
    'secrets',
    'NEO4J_PASSWORD',
  ].flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];
export const REDACTED = '[redacted]';

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
export function createLogger(
  level: string,
  human = process.stderr.isTTY === true,
  /** JSON lines go here instead of stderr (tests) */
  destination?: DestinationStream,
): Logger {
  const redact = { paths: [...REDACTED_PATHS], censor: REDACTED };
  if (!human)
    return pino(
      { level, base: { app: 'threadgraph' }, redact },
      destination ?? pino.destination({ fd: 2, sync: true }),
    );
  return pino(
    { level, base: undefined, redact },
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
