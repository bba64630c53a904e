/**
 * Streams a B2MML / BatchML file into canonical records: checks the root (namespace version and
 * verb/noun), selects the record elements and the small headers of the containers around them,
 * keeps those headers only while their container is open, and hands each record element to its
 * mapper. Same file, same sequence: nothing depends on timing or chunking.
 */
import { stat } from 'node:fs/promises';
import type { ParsedLine } from '../../src/domain/canonical';
import { instantFromDate } from '../../src/domain/time';
import { refuse } from '../shared/to-record';
import type { XmlNode } from '../xml/read-xml';
import { readXml } from '../xml/read-xml';
import { mapEquipment } from './map-equipment';
import { closeExecutedRecipe, mapEvent, mapRuntimeElement } from './map-batch-record';
import { mapMaterialDefinition, mapMaterialLot, mapSubLot } from './map-material';
import { mapSegmentResponse } from './map-performance';
import { mapRequest } from './map-schedule';
import type { B2mmlOptions } from './options';
import { checkOptions } from './options';
import type { Frame, Message } from './scope';
import { Scope } from './scope';
import type { RecordElement, Role, RootRead } from './structure';
import { FIRST_VERSION, LAST_VERSION, readRoot, roleOf, versionOf } from './structure';

interface Root {
  readonly name: string;
  readonly uri: string;
  readonly line: number;
  readonly read: RootRead;
  readonly version: ReturnType<typeof versionOf>;
}

export async function* readB2mml(
  path: string,
  options: B2mmlOptions = {},
): AsyncGenerator<ParsedLine> {
  const checked = checkOptions(options);
  const fallbackTime = checked.recordedAt ?? instantFromDate((await stat(path)).mtime);
  let root: Root | undefined;
  const accepted = (): Role | undefined =>
    root !== undefined &&
    root.read.ok &&
    root.version !== undefined &&
    root.version.number >= FIRST_VERSION &&
    root.version.number <= LAST_VERSION
      ? root.read.role
      : undefined;

  const select = (name: string, uri: string, ancestors: readonly { name: string }[]) => {
    if (ancestors.length === 0) {
      root = { name, uri, line: 1, read: readRoot(name), version: versionOf(uri) };
    }
    const role = accepted();
    if (role === undefined) return false;
    const r = roleOf(role, [
      ...ancestors.slice(1).map((a) => a.name),
      ...(ancestors.length === 0 ? [] : [name]),
    ]);
    return r.is === 'record' || r.is === 'header';
  };

  const message: Message = {
    version: '',
    options: checked,
    fallbackTime,
    batches: [],
  };
  const frames = new Map<string, Frame>();

  /** Closes the frames that are no longer open around `open` (paths), innermost first. */
  function* close(open: ReadonlySet<string>): Generator<ParsedLine> {
    // the ApplicationArea is a sibling of the data, not an ancestor: it stays open to the end
    const closing = [...frames.entries()]
      .filter(([p, f]) => !open.has(p) && f.type !== 'appArea')
      .map(([p]) => p)
      .reverse();
    for (const p of closing) {
      const frame = frames.get(p);
      if (frame?.type === 'ecr') {
        const chain = [...frames.values()].filter(
          (f) => open.has(f.node.path) || f === frame || f.type === 'appArea',
        );
        yield* closeExecutedRecipe(frame, new Scope(versioned(), chain));
        const batch = frame.headers.get('BatchID');
        const text = batch === undefined ? undefined : textOfNode(batch);
        if (text !== undefined) message.batches.push(text);
      }
      frames.delete(p);
    }
  }
  const versioned = (): Message => ({ ...message, version: root?.version?.version ?? '' });

  for await (const item of readXml(path, select)) {
    if (item.kind === 'problem') {
      yield* close(new Set());
      yield refuse({ line: item.line, path: item.path }, undefined, item.reason);
      return;
    }
    const rootRole = accepted();
    if (rootRole === undefined) continue;
    const { node, ancestors } = item;
    // the containers around the element, outermost first
    const chain: Frame[] = [...frames.values()].filter((f) => f.type === 'appArea');
    const open = new Set<string>();
    for (let i = 0; i < ancestors.length; i += 1) {
      const a = ancestors[i] as XmlNode;
      const role = roleOf(
        rootRole,
        ancestors.slice(1, i + 1).map((x) => x.name),
      );
      if (role.is !== 'container') continue;
      open.add(a.path);
      let frame = frames.get(a.path);
      if (frame === undefined) {
        frame = { type: role.type, node: a, headers: new Map() };
        frames.set(a.path, frame);
      }
      if (frame.type !== 'appArea') chain.push(frame);
    }
    yield* close(open);
    const role =
      ancestors.length === 0
        ? rootRole
        : roleOf(rootRole, [...ancestors.slice(1).map((a) => a.name), node.name]);
    if (role.is === 'header') {
      const parent = frames.get(ancestors.at(-1)?.path ?? '');
      if (parent !== undefined && !parent.headers.has(node.name)) {
        parent.headers.set(node.name, node);
      }
      continue;
    }
    if (role.is !== 'record') continue;
    yield* mapRecord(role.type, node, new Scope(versioned(), chain));
  }
  yield* close(new Set());
  frames.clear();
  if (root === undefined) {
    yield refuse(
      { line: 1 },
      undefined,
      'not a B2MML message this importer reads: no root element',
    );
  } else if (!root.read.ok) {
    yield refuse({ line: root.line, path: `/${root.name}` }, undefined, root.read.reason);
  } else if (root.version === undefined) {
    yield refuse(
      { line: root.line, path: `/${root.name}` },
      undefined,
      `not a B2MML message this importer reads: ${root.name} in namespace ${JSON.stringify(root.uri)} (B2MML/BatchML V0401–V0700 namespaces are read)`,
    );
  } else if (accepted() === undefined) {
    yield refuse(
      { line: root.line, path: `/${root.name}` },
      undefined,
      `B2MML ${root.version.version} is not read: this importer reads V0401 to V0700`,
    );
  }
}

function textOfNode(node: XmlNode): string | undefined {
  const t = node.content
    .map((c) => (typeof c === 'string' ? c : ''))
    .join('')
    .trim();
  return t === '' ? undefined : t;
}

function mapRecord(type: RecordElement, node: XmlNode, scope: Scope): ParsedLine[] {
  switch (type) {
    case 'materialDefinition':
      return mapMaterialDefinition(node, scope);
    case 'materialLot':
      return mapMaterialLot(node, scope);
    case 'materialSubLot':
      return mapSubLot(node, scope, undefined, undefined);
    case 'equipment':
      return mapEquipment(node, scope);
    case 'request':
      return mapRequest(node, scope);
    case 'segmentResponse':
      return mapSegmentResponse(node, scope);
    case 'runtimeElement':
      return mapRuntimeElement(node, scope);
    case 'event':
      return mapEvent(node, scope);
  }
}
