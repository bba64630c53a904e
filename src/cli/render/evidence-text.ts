/** An evidence chain for a person at a terminal: a tree, with every gap marked where it arises. */
import type { DocumentRef, EvidenceChain, Gap } from '../../domain/evidence';
import { formatInstant } from '../../domain/time';

const OK = '✓';
const BAD = '✗';

export function renderEvidenceChain(chain: EvidenceChain): string {
  const out: string[] = [];
  const gapsByRef = new Map<string, Gap[]>();
  for (const g of chain.gaps) {
    const list = gapsByRef.get(g.ref ?? '') ?? [];
    list.push(g);
    gapsByRef.set(g.ref ?? '', list);
  }
  const marks = (...refs: (string | null | undefined)[]) => {
    const codes = refs.flatMap((r) => (r ? (gapsByRef.get(r) ?? []) : [])).map((g) => g.code);
    return codes.length > 0 ? `  ${BAD} ${[...new Set(codes)].join(', ')}` : '';
  };
  const when = (t: string | null) => (t ? formatInstant(t) : '—');

  out.push(
    `${chain.serialNumber}  ${chain.partNumber} rev ${chain.builtToRevision ?? '?'}` +
      `  work order ${chain.workOrderId ?? '?'}  site ${chain.site ?? '?'}  ${chain.status ?? ''}`.trimEnd(),
  );
  out.push(
    chain.complete
      ? `${OK} evidence chain complete`
      : `${BAD} evidence chain incomplete: ${chain.gaps.length} gap${chain.gaps.length === 1 ? '' : 's'}`,
  );
  out.push('');
  out.push(
    `Drawing   ${chain.drawing ? doc(chain.drawing) : '—'}${marks(chain.drawing ? `${chain.drawing.number}/${chain.drawing.revision}` : undefined)}`,
  );
  out.push(`Build started ${when(chain.buildStartedAt)}`);

  out.push('', 'Requirements');
  if (chain.requirements.length === 0) out.push('  (none)');
  for (const r of chain.requirements) {
    out.push(
      `  ${r.status === 'VERIFIED' ? OK : BAD} ${r.id}  ${r.status}${r.title ? `  ${r.title}` : ''}`,
    );
  }

  out.push('', 'Operations');
  if (chain.operations.length === 0) out.push('  (none)');
  for (const o of chain.operations) {
    out.push(
      `  ${o.opNumber.padEnd(4)} ${when(o.startedAt)}  ${(o.status ?? '?').padEnd(9)}` +
        `${o.rework ? ' rework' : ''}  WI ${o.workInstruction ? doc(o.workInstruction) : '—'}` +
        `  ${o.equipmentId ?? '?'} / ${o.operatorId ?? '?'}${marks(o.id)}`,
    );
    for (const r of o.readings) {
      out.push(
        `         ${r.tag} ${r.count} readings, mean ${r.mean?.toFixed(3) ?? '?'} ${r.unit ?? ''}`.trimEnd(),
      );
    }
  }

  out.push('', 'Inspections');
  if (chain.inspections.length === 0) out.push('  (none)');
  for (const i of chain.inspections) {
    out.push(
      `  ${i.result === 'PASS' ? OK : BAD} ${i.characteristicId.padEnd(8)} ${String(i.value ?? '?').padEnd(8)}` +
        ` ${when(i.inspectedAt)}  plan ${doc(i.plan)}${marks(i.id)}`,
    );
  }

  out.push('', 'Nonconformances');
  if (chain.nonconformances.length === 0) out.push('  (none)');
  for (const n of chain.nonconformances) {
    out.push(
      `  ${n.id}  ${n.status}${n.disposition ? ` ${n.disposition}` : ''}  via ${n.via}` +
        `${n.capa ? `  CAPA ${n.capa.id} ${n.capa.status}` : ''}${marks(n.id, n.capa?.id)}`,
    );
  }

  out.push('', 'Components');
  if (chain.components.length === 0) out.push('  (none)');
  const children = new Map<string, typeof chain.components>();
  for (const c of chain.components)
    children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  const tree = (parent: string, prefix: string, seen: Set<string>) => {
    const list = children.get(parent) ?? [];
    list.forEach((c, idx) => {
      const last = idx === list.length - 1;
      out.push(
        `${prefix}${last ? '└─' : '├─'} ${c.kind === 'LOT' ? 'lot ' : ''}${c.id}${c.partNumber ? ` (${c.partNumber})` : ''}${marks(c.id)}`,
      );
      if (!seen.has(c.id)) tree(c.id, `${prefix}${last ? '   ' : '│  '}`, new Set([...seen, c.id]));
    });
  };
  tree(chain.serialNumber, '  ', new Set([chain.serialNumber]));

  out.push('', 'Gaps');
  if (chain.gaps.length === 0) out.push('  (none)');
  for (const g of chain.gaps)
    out.push(`  ${BAD} ${g.code}${g.ref ? `  ${g.ref}` : ''}: ${g.message}`);
  return out.join('\n');
}

function doc(d: DocumentRef): string {
  const state = d.current
    ? OK
    : `${BAD}${d.currentRevision ? ` (current: ${d.currentRevision})` : ''}`;
  return `${d.number} rev ${d.revision || '?'} ${state}`;
}
