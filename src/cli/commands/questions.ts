/**
 * The questions: trace (evidence chain, recall scope, as-built tree), impact, health, search, audit
 * (its audit-trail subcommands are in audit-trail.ts).
 */
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { ThreadgraphError } from '../../domain/errors';
import { parseInstant } from '../../domain/time';
import { MAX_GENEALOGY_DEPTH } from '../../graph/genealogy';
import { MAX_PAGE_SIZE } from '../../services/governance-service';
import type { Services } from '../../main';
import type { AffectedUnit } from '../../services/trace-service';
import { SEARCHABLE } from '../../services/trace-service';
import type { CommandHelp } from '../args';
import { parse, positive, print, UsageError } from '../args';
import { renderEvidenceChain } from '../render/evidence-text';
import {
  healthNotes,
  renderBackwardTrace,
  renderChangeImpact,
  renderForwardTrace,
  renderOwnership,
  renderSearch,
  renderThreadHealth,
} from '../render/questions-text';
import { auditSubcommand, auditTrailCommand, TRAIL_FIRST_DEFAULT } from './audit-trail';
import type { SearchKind } from './lookup';
import { findAnyCase } from './lookup';
import { withServices } from './with-services';

const SEARCH_LIMIT = 50;

export const traceHelp: CommandHelp = {
  usage: [
    'threadgraph trace SERIAL [--json]',
    'threadgraph trace --forward LOT|SERIAL [--json]',
    `threadgraph trace --backward SERIAL|LOT [--depth N] [--json]`,
  ],
  summary:
    'the evidence chain of a serial number; --forward: every unit that contains it, at any ' +
    'depth (recall scope); --backward: its as-built tree',
  description:
    'The evidence chain of a serial number, as a tree with every gap marked where it arises. ' +
    '--forward: every unit that contains the lot or serial, at any depth, with shipment and ' +
    'customer (recall scope). --backward: its as-built tree; cycles in the data are reported. ' +
    'Numbers may be typed in any case (sn-0047 finds SN-0047). Exit status 2: not found.',
  options: [
    ['--forward', 'recall scope: the units that contain it'],
    ['--backward', 'the as-built tree below it'],
    ['--depth N', `how deep --backward goes (1 to ${MAX_GENEALOGY_DEPTH}; default 50)`],
    ['--json', 'the answer as JSON, every row'],
  ],
};

export const impactHelp: CommandHelp = {
  usage: ['threadgraph impact CHANGE-ORDER [--json]'],
  summary: 'units and work orders inside its effectivity, and escapes',
  description:
    'The units and work orders inside a change order’s effectivity, and those built to the ' +
    'revision it superseded (escapes). The number may be typed in any case. Exit status 2: not found.',
  options: [['--json', 'the answer as JSON, every row']],
};

export const healthHelp: CommandHelp = {
  usage: [
    'threadgraph health [--site S] [--from T] [--to T] [--cost-per-escape X] [--changes-per-year N] [--json]',
  ],
  summary:
    'thread health: escape rate, structured NCRs, complete evidence, release to floor, cost of ' +
    'broken boundaries',
  description:
    'Thread health over a window and optionally one site: the revision escape rate, the share ' +
    'of structured NCRs and of shipped units with complete evidence (each with its counts), ' +
    'release-to-floor latency, and the yearly cost of broken boundaries. A rate with nothing to ' +
    'count (no operations at that site or in that window) is 0 %, and a note says so.',
  options: [
    ['--site S', 'one site (its code, in any case)'],
    ['--from T, --to T', 'the window, ISO-8601 times with a zone (2026-03-01T00:00:00Z)'],
    ['--cost-per-escape X', 'cost of one escape (default THREADGRAPH_COST_PER_ESCAPE)'],
    ['--changes-per-year N', 'changes a year (default THREADGRAPH_CHANGES_PER_YEAR)'],
    ['--json', 'the answer as JSON, with the notes'],
  ],
};

export const searchHelp: CommandHelp = {
  usage: [`threadgraph search PREFIX [--kind ${SEARCHABLE.join('|')}]... [--limit N] [--json]`],
  summary: 'find a record by the number you hold',
  description:
    `The records (${SEARCHABLE.join(', ')}) whose key starts with PREFIX, in any case. ` +
    'A list cut at --limit says so.',
  options: [
    ['--kind K', `only this kind (may repeat): ${SEARCHABLE.join(', ')}`],
    ['--limit N', `at most N records (default ${SEARCH_LIMIT}, up to ${MAX_PAGE_SIZE})`],
    ['--json', 'the records as JSON (a cut list is said on stderr)'],
  ],
};

export const auditHelp: CommandHelp = {
  usage: [
    'threadgraph audit [--json]',
    'threadgraph audit verify [--file TRAIL.jsonl] [--noted SEQ:HASH] [--json]',
    'threadgraph audit export --out FILE',
    'threadgraph audit trail [--first N] [--action PREFIX] [--actor NAME] [--json]',
  ],
  summary:
    'data ownership audit per artefact class; the audit trail: verify it, export a copy, list it',
  description:
    'Alone: per artefact class, its authority, how it is versioned, which sources sent it (and ' +
    'how many of their records were refused), and what is wrong with that. ' +
    'verify: checks the hash-chained audit trail (or, with --file, a copy export wrote; no ' +
    'database needed) and prints how many events it holds and its head hash, to note and give ' +
    'as --noted next time (a trail rewritten whole, hashes and head recomputed, is caught only ' +
    'so); anything edited, deleted, reordered or inserted is named, one problem a line, and the ' +
    'exit status is 6. export: writes the trail as JSON Lines, one event a line, ' +
    'then its head; it never writes over a file (exit status 6 too when the trail is not intact). ' +
    `trail: the newest events (${TRAIL_FIRST_DEFAULT} unless --first), optionally only actions ` +
    'starting with --action and one --actor.',
  options: [
    ['--json', 'the answer as JSON'],
    ['--file TRAIL.jsonl', 'verify: a copy written by export, instead of the trail in the graph'],
    [
      '--noted SEQ:HASH',
      'verify: a head noted at an earlier audit; that event must still have that hash',
    ],
    ['--out FILE', 'export: the new file to write'],
    ['--first N', `trail: the newest N events (up to ${MAX_PAGE_SIZE})`],
    ['--action PREFIX', 'trail: only actions starting with it (import., export.dhr)'],
    ['--actor NAME', 'trail: only this actor’s events'],
  ],
};

export async function traceCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      json: { type: 'boolean', default: false },
      forward: { type: 'boolean', default: false },
      backward: { type: 'boolean', default: false },
      depth: { type: 'string', default: String(MAX_GENEALOGY_DEPTH) },
    },
    true,
  );
  const [typed] = positionals;
  if (typed === undefined) throw new UsageError('which serial number (or lot)?');
  if (positionals.length > 1) {
    throw new UsageError(`one serial or lot at a time, not ${positionals.length}`);
  }
  if (values.forward && values.backward) {
    throw new UsageError('--forward or --backward, not both');
  }
  const depth = positive(values.depth, '--depth', MAX_GENEALOGY_DEPTH);
  return withServices(config, logger, async (s) => {
    if (values.forward) {
      // a lot or a serial: whichever of them is known
      let target: { lotNumber?: string; serialNumber?: string } = { lotNumber: typed };
      let first = await s.trace.forward(target, 1, null);
      if (!first.found) {
        target = { serialNumber: typed };
        first = await s.trace.forward(target, 1, null);
      }
      if (!first.found) {
        const hit = await findAnyCase(s.trace, typed, ['Lot', 'Unit'], 'lot or serial');
        if (hit === undefined) throw new ThreadgraphError('NOT_FOUND', `no lot or serial ${typed}`);
        target = hit.kind === 'Lot' ? { lotNumber: hit.key } : { serialNumber: hit.key };
      }
      const units: AffectedUnit[] = [];
      for (let after: string | null = null; ;) {
        const page = await s.trace.forward(target, 1000, after);
        units.push(...page.nodes);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      const label = target.lotNumber ? `lot ${target.lotNumber}` : `serial ${target.serialNumber}`;
      print(values.json, units, () => renderForwardTrace(label, units));
      return 0;
    }
    if (values.backward) {
      let tree = await s.trace.backward({ serialNumber: typed }, depth);
      if (!tree.found) tree = await s.trace.backward({ lotNumber: typed }, depth);
      if (!tree.found) {
        const hit = await findAnyCase(s.trace, typed, ['Unit', 'Lot'], 'serial or lot');
        if (hit === undefined) throw new ThreadgraphError('NOT_FOUND', `no serial or lot ${typed}`);
        tree = await s.trace.backward(
          hit.kind === 'Lot' ? { lotNumber: hit.key } : { serialNumber: hit.key },
          depth,
        );
      }
      const found = tree;
      print(values.json, found, () => renderBackwardTrace(found, depth, MAX_GENEALOGY_DEPTH));
      return 0;
    }
    const chain = await chainAnyCase(s, typed);
    print(values.json, chain, () => renderEvidenceChain(chain));
    return 0;
  });
}

async function chainAnyCase(s: Services, typed: string) {
  const chain = await s.evidence.chain(typed);
  if (chain !== null) return chain;
  const hit = await findAnyCase(s.trace, typed, ['Unit'], 'unit with serial number');
  const found = hit === undefined ? null : await s.evidence.chain(hit.key);
  if (found === null) {
    throw new ThreadgraphError('NOT_FOUND', `no unit with serial number ${typed}`);
  }
  return found;
}

export async function impactCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean', default: false } }, true);
  const [typed] = positionals;
  if (typed === undefined) throw new UsageError('which change order?');
  if (positionals.length > 1) {
    throw new UsageError(`one change order at a time, not ${positionals.length}`);
  }
  return withServices(config, logger, async (s) => {
    let result = await s.impact.changeImpact(typed);
    if (result === null) {
      const hit = await findAnyCase(s.trace, typed, ['ChangeOrder'], 'change order');
      if (hit !== undefined) result = await s.impact.changeImpact(hit.key);
    }
    if (result === null) throw new ThreadgraphError('NOT_FOUND', `no change order ${typed}`);
    const found = result;
    print(values.json, found, () => renderChangeImpact(found));
    return 0;
  });
}

export async function healthCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const { values } = parse(args, {
    json: { type: 'boolean', default: false },
    site: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'cost-per-escape': { type: 'string' },
    'changes-per-year': { type: 'string' },
  });
  const amount = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < 0)
      throw new UsageError(`${name} must be a number of at least 0, not ${JSON.stringify(v)}`);
    return n;
  };
  const time = (v: string | undefined, name: string) => {
    if (v !== undefined && parseInstant(v) === undefined) {
      throw new UsageError(
        `${name} must be an ISO-8601 time with a zone, e.g. 2026-03-01T00:00:00Z, not ${JSON.stringify(v)}`,
      );
    }
    return v;
  };
  const from = time(values.from, '--from');
  const to = time(values.to, '--to');
  const costPerEscape = amount(values['cost-per-escape'], '--cost-per-escape');
  const changesPerYear = amount(values['changes-per-year'], '--changes-per-year');
  return withServices(config, logger, async (s) => {
    let h = await s.health.threadHealth(values.site, from, to);
    let knownSites: string[] | undefined;
    if (h.operations + h.nonconformances + h.shippedUnits === 0) {
      // nothing to count: find out why — a site typed in another case, one with no records, or
      // a window with none — from the sites known at any time
      const all = await s.health.threadHealth(undefined, undefined, undefined);
      knownSites = all.bySite.flatMap((b) => (b.site === null ? [] : [b.site]));
      const site = values.site;
      const same =
        site === undefined || knownSites.includes(site)
          ? undefined
          : knownSites.find((k) => k.toLowerCase() === site.toLowerCase());
      if (same !== undefined) {
        h = await s.health.threadHealth(same, from, to);
        knownSites =
          h.operations + h.nonconformances + h.shippedUnits === 0 ? knownSites : undefined;
      }
    }
    const cost = h.brokenBoundaryCost(costPerEscape, changesPerYear);
    const notes = healthNotes(h, knownSites);
    print(values.json, { ...h, brokenBoundaryCost: cost, notes }, () =>
      renderThreadHealth(h, cost, notes),
    );
    return 0;
  });
}

export async function searchCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      json: { type: 'boolean', default: false },
      kind: { type: 'string', multiple: true },
      limit: { type: 'string', default: String(SEARCH_LIMIT) },
    },
    true,
  );
  const [prefix] = positionals;
  if (prefix === undefined || prefix.trim() === '')
    throw new UsageError('search for what? give the start of a number');
  if (positionals.length > 1) {
    throw new UsageError(`one prefix at a time, not ${positionals.length}`);
  }
  const kinds = values.kind?.map((k): SearchKind => {
    const known = SEARCHABLE.find((s) => s.toLowerCase() === k.toLowerCase());
    if (known === undefined) {
      throw new UsageError(
        `--kind must be one of ${SEARCHABLE.join(', ')}, not ${JSON.stringify(k)}`,
      );
    }
    return known;
  });
  const limit = positive(values.limit, '--limit', MAX_PAGE_SIZE);
  return withServices(config, logger, async (s) => {
    const hits = await s.trace.search(prefix, kinds, limit);
    // the search stops at `limit`: as many as that means there may be more
    const cut = hits.length >= limit ? cutNote(limit) : undefined;
    if (values.json && cut) process.stderr.write(`${cut}\n`);
    print(values.json, hits, () => renderSearch(prefix, hits, cut));
    return 0;
  });
}

function cutNote(limit: number): string {
  return limit < MAX_PAGE_SIZE
    ? `… ${limit} shown, more match: --limit ${Math.min(MAX_PAGE_SIZE, limit * 4)} for more, or a longer prefix`
    : `… ${limit} shown, more match: type more of the number`;
}

export async function auditCommand(
  args: string[],
  config: Config,
  logger: Logger,
): Promise<number> {
  const [, ...rest] = args;
  const subcommand = auditSubcommand(args);
  if (subcommand !== undefined) return auditTrailCommand(subcommand, rest, config, logger);
  const { values } = parse(args, { json: { type: 'boolean', default: false } });
  return withServices(config, logger, async (s) => {
    const rows = await s.audit.ownership();
    print(values.json, rows, () => renderOwnership(rows));
    return 0;
  });
}
