/** `threadgraph opcua browse URL [NODE]`: what an OPC UA server holds (collector/browse.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type * as BrowseModule from '../../collector/browse';
import type { SecurityModeName, SecurityPolicyName } from '../../collector/browse';
import type { Config } from '../../config';
import { ThreadgraphError } from '../../domain/errors';
import type { CommandHelp } from '../args';
import { actionOf, closest, parse, positive, print, UsageError } from '../args';
import { renderBrowse } from '../render/opcua-text';

const ACTIONS = ['browse'] as const;
const SECURITY_MODE_NAMES: readonly SecurityModeName[] = ['None', 'Sign', 'SignAndEncrypt'];
const SECURITY_POLICY_NAMES: readonly SecurityPolicyName[] = [
  'None',
  'Basic256Sha256',
  'Aes128_Sha256_RsaOaep',
  'Aes256_Sha256_RsaPss',
];

export const opcuaHelp: CommandHelp = {
  usage: [
    'threadgraph opcua browse URL [NODE] [--depth N] [--max-nodes N] [--timeout-ms N] [--json]',
    'threadgraph opcua browse URL [NODE] [--security-mode M] [--security-policy P] [--user NAME --password-file FILE]',
  ],
  summary:
    "list an OPC UA server's nodes (NodeIds, data types, values, units) to write a collector config",
  description:
    'Connects to the OPC UA server at URL (opc.tcp://host:port/path) and lists the nodes below ' +
    'NODE (default the Objects folder; a NodeId such as ns=1;s=A-CNC-IMP10-01, ' +
    'nsu=URI;s=Name or i=85, or a standard name such as RootFolder), following hierarchical ' +
    'references to --depth levels: browse name, node class and NodeId, and for variables the ' +
    'data type, value and engineering units — what a collector config names. The server’s ' +
    'certificate is trusted on first use; the client’s own is kept in THREADGRAPH_HOME/opcua/' +
    'browse-pki. A server that does not answer is reported within --timeout-ms (exit status 3).',
  options: [
    ['--depth N', 'levels below NODE (default 1: its children)'],
    ['--max-nodes N', 'nodes listed at most (default 1000); the answer says when it was cut'],
    ['--timeout-ms N', 'how long connecting and each request may take (default 10000)'],
    ['--security-mode M', `${SECURITY_MODE_NAMES.join(', ')} (default None)`],
    [
      '--security-policy P',
      `${SECURITY_POLICY_NAMES.join(', ')} (default None; Basic256Sha256 with Sign or SignAndEncrypt)`,
    ],
    ['--user NAME', 'sign in as this user, with --password-file (default anonymous)'],
    ['--password-file FILE', 'the user’s password: the file’s first line'],
    ['--json', 'the answer as JSON: url, start (with its children), depth, count, truncated'],
  ],
};

export async function opcuaCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const [typed, ...rest] = args;
  actionOf(typed, ACTIONS);
  const { values, positionals } = parse(
    rest,
    {
      depth: { type: 'string' },
      'max-nodes': { type: 'string' },
      'timeout-ms': { type: 'string' },
      'security-mode': { type: 'string' },
      'security-policy': { type: 'string' },
      user: { type: 'string' },
      'password-file': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  const [url, node, ...extra] = positionals;
  if (url === undefined)
    throw new UsageError('the server URL is required (opc.tcp://host:port/path)');
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  if (!/^opc\.tcp:\/\/[^/\s]+/.test(url)) {
    throw new UsageError(`${JSON.stringify(url)} is not an opc.tcp:// URL`);
  }
  const securityMode = oneOf(values['security-mode'], SECURITY_MODE_NAMES, '--security-mode');
  const securityPolicy = oneOf(
    values['security-policy'],
    SECURITY_POLICY_NAMES,
    '--security-policy',
  );
  if ((values.user === undefined) !== (values['password-file'] === undefined)) {
    throw new UsageError('--user and --password-file go together');
  }
  const { browseServer } = loadBrowse();
  const answer = await browseServer({
    url,
    ...(node !== undefined ? { node } : {}),
    depth: values.depth === undefined ? 1 : positive(values.depth, '--depth', 20),
    maxNodes:
      values['max-nodes'] === undefined ? 1000 : positive(values['max-nodes'], '--max-nodes'),
    timeoutMs:
      values['timeout-ms'] === undefined ? 10_000 : positive(values['timeout-ms'], '--timeout-ms'),
    ...(securityMode ? { securityMode } : {}),
    ...(securityPolicy ? { securityPolicy } : {}),
    ...(values.user !== undefined && values['password-file'] !== undefined
      ? { user: { name: values.user, password: firstLine(values['password-file']) } }
      : {}),
    pkiFolder: join(config.local.home, 'opcua', 'browse-pki'),
    log: (line) => logger.debug(line),
  });
  print(values.json, answer, () => renderBrowse(answer));
  return 0;
}

/**
 * collector/browse.ts, loaded when the command runs rather than with the CLI: node-opcua takes a
 * second to load, which every other command would pay.
 */
function loadBrowse(): typeof BrowseModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../collector/browse') as typeof BrowseModule;
}

function oneOf<T extends string>(
  value: string | undefined,
  names: readonly T[],
  option: string,
): T | undefined {
  if (value === undefined) return undefined;
  const known = names.find((n) => n === value);
  if (known !== undefined) return known;
  const near = closest(value, names);
  throw new UsageError(
    `${option} ${value}${near ? ` (did you mean ${near}?)` : ''}: one of ${names.join(', ')}`,
  );
}

function firstLine(file: string): string {
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '';
  } catch (e) {
    throw new ThreadgraphError(
      'INVALID_INPUT',
      `cannot read the password file ${file}: ${(e as Error).message}`,
      { cause: e },
    );
  }
}
