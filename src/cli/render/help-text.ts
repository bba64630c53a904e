/** Help for people: the list of commands, one command's help, and the usage line of an error. */
import type { CommandHelp } from '../args';

const WIDTH = 100;
const SUMMARY_COLUMN = 39;

/** `threadgraph <command> --help`: usage, what it does, its options. */
export function renderCommandHelp(help: CommandHelp): string {
  const out = [renderUsage(help), '', ...wrap(help.description ?? help.summary, WIDTH)];
  const options: (readonly [string, string])[] = [
    ...(help.options ?? []),
    ['-h, --help', 'this help'],
  ];
  const column = Math.min(28, Math.max(...options.map(([o]) => o.length)) + 4);
  out.push('', 'Options:');
  for (const [option, what] of options) {
    const lines = wrap(what, WIDTH - column);
    const first = `  ${option}`;
    out.push(
      first.length + 2 <= column
        ? `${first.padEnd(column)}${lines[0] ?? ''}`
        : `${first}\n${' '.repeat(column)}${lines[0] ?? ''}`,
      ...lines.slice(1).map((l) => `${' '.repeat(column)}${l}`),
    );
  }
  return `${out.join('\n')}\n`;
}

/** The usage line (or lines) that follow a usage error. */
export function renderUsage(help: CommandHelp): string {
  return help.usage.map((u, i) => `${i === 0 ? 'usage: ' : '       '}${u}`).join('\n');
}

/** `threadgraph help`: every command's usage with its summary, then the environment and exit codes. */
export function renderHelp(commands: readonly CommandHelp[], footer: string): string {
  const out = [
    'threadgraph — the digital thread of every serial number, in Neo4j, over GraphQL',
    '',
    'Usage (threadgraph COMMAND --help: its options; threadgraph --version):',
  ];
  for (const c of commands) {
    const [first, ...others] = c.usage;
    const summary = wrap(c.summary, WIDTH - SUMMARY_COLUMN);
    const lead = `  ${first ?? ''}`;
    const pad = ' '.repeat(SUMMARY_COLUMN);
    if (others.length === 0 && lead.length < SUMMARY_COLUMN) {
      out.push(`${lead.padEnd(SUMMARY_COLUMN)}${summary[0] ?? ''}`);
      out.push(...summary.slice(1).map((l) => `${pad}${l}`));
    } else {
      out.push(lead, ...others.map((u) => `  ${u}`), ...summary.map((l) => `${pad}${l}`));
    }
  }
  return `${out.join('\n')}\n\n${footer}`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line.length > 0 ? `${line} ${word}` : word;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}
