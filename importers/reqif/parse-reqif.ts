/**
 * A .reqif file or .reqifz archive → canonical Requirement records and refusals, in a fixed
 * order (the same file always gives the same sequence, so an interrupted import can resume):
 * archive refusals, then each document's SPEC-OBJECTs in document order, then the hierarchy
 * nodes and relations that name objects not in the file, then the problems that ended a document.
 * Two passes: the first reads definitions, hierarchy and relations (structure.ts); the second
 * streams the SPEC-OBJECTs and maps each as it comes (to-requirement.ts).
 */
import type { ParsedLine } from '../../src/domain/canonical';
import { refuse } from '../shared/to-record';
import { childOf, textOf } from '../xml/read-xml';
import type { XmlNode } from '../xml/read-xml';
import { settingsOf } from './options';
import type { ReqifOptions, Settings } from './options';
import { documentsOf, readDocument } from './read-document';
import type { ReqifDocument } from './read-document';
import { readStructure } from './structure';
import type { Finding, Structure } from './structure';
import { toRequirement } from './to-requirement';
import type { Header } from './to-requirement';

export async function* parseReqif(
  path: string,
  options?: ReqifOptions,
): AsyncGenerator<ParsedLine> {
  const settings = settingsOf(options);
  const docs = await documentsOf(path, settings);
  try {
    for (const reason of docs.refusals) yield refuse({ line: 1, path: '/' }, undefined, reason);
    if (docs.documents.length === 0) return;
    const structure = await readStructure(docs.documents, settings);
    const idOf = idChoice(structure, settings);
    const ended: Finding[] = [];
    for (const [doc, document] of docs.documents.entries()) {
      const problem = yield* objectsOf(document, structure, settings, idOf);
      const early = structure.brokeOff.get(doc);
      if (problem) ended.push({ doc, entry: document.entry, ...problem });
      else if (early) ended.push(early);
    }
    for (const f of [...leftOver(structure, idOf), ...ended]) yield refusalOf(f);
  } finally {
    docs.close();
  }
}

/** The second pass over one document; returns the problem that ended it, if any. */
async function* objectsOf(
  document: ReqifDocument,
  structure: Structure,
  settings: Settings,
  idOf: (identifier: string) => string,
): AsyncGenerator<ParsedLine, { line: number; path: string; reason: string } | undefined> {
  let header: Header | undefined;
  let objectsSeen = false;
  const items = readDocument(
    document,
    (name, ancestors) =>
      (name === 'REQ-IF-HEADER' && ancestors.at(-1)?.name === 'THE-HEADER') ||
      (name === 'SPEC-OBJECT' && ancestors.at(-1)?.name === 'SPEC-OBJECTS'),
    settings,
    // what follows the objects (relations, hierarchy) was read by the first pass; REQ-IF-CONTENT
    // may hold its parts in any order, so only what comes after SPEC-OBJECTS is passed over
    (name, ancestors) => {
      if (ancestors.at(-1)?.name !== 'REQ-IF-CONTENT') return false;
      if (name === 'SPEC-OBJECTS') objectsSeen = true;
      else if (objectsSeen) return true;
      return false;
    },
  );
  for await (const item of items) {
    if (item.kind === 'problem') return item;
    if (item.node.name === 'REQ-IF-HEADER') header = headerOf(item.node);
    else
      yield toRequirement(item.node, { settings, structure, header, entry: document.entry, idOf });
  }
  return undefined;
}

function headerOf(node: XmlNode): Header {
  const text = (name: string) => {
    const child = childOf(node, name);
    const value = child && textOf(child).trim();
    return value === undefined || value === '' ? undefined : value;
  };
  return {
    system: text('SOURCE-TOOL-ID') ?? text('REQ-IF-TOOL-ID'),
    creationTime: text('CREATION-TIME'),
  };
}

/** M2: IDENTIFIER, or (foreign-id) the visible id where the object has one no other object has. */
function idChoice(structure: Structure, settings: Settings): (identifier: string) => string {
  if (settings.id === 'identifier') return (identifier) => identifier;
  return (identifier) => {
    const foreign = structure.foreignIds.get(identifier);
    return foreign !== undefined && structure.foreignIdCounts.get(foreign) === 1
      ? foreign
      : identifier;
  };
}

/** Hierarchy nodes and relations whose own object is not in the file (R6, R7), in file order. */
function leftOver(structure: Structure, idOf: (identifier: string) => string): Finding[] {
  const found: Finding[] = [...structure.findings];
  for (const [object, first] of structure.placements) {
    if (first.used) continue;
    for (const p of [first, ...(first.more ?? [])]) {
      found.push({
        doc: p.doc,
        entry: p.entry,
        line: p.line,
        path: `SPEC-HIERARCHY[@IDENTIFIER="${p.node}"]`,
        field: 'OBJECT/SPEC-OBJECT-REF',
        reason: `the hierarchy places SPEC-OBJECT ${object}, which is not in the file${p.entry === undefined ? '' : ' (nor the archive)'}: its place (level ${p.level}${p.parent === undefined ? '' : `, under ${idOf(p.parent)}`} in ${p.spec}) cannot be recorded; its children still name it as parent (R6)`,
      });
    }
  }
  for (const [source, held] of structure.relations) {
    if (held.used) continue;
    for (const r of held.relations) {
      found.push({
        doc: r.doc,
        entry: r.entry,
        line: r.line,
        path: `SPEC-RELATION[@IDENTIFIER="${r.identifier}"]`,
        field: 'SOURCE/SPEC-OBJECT-REF',
        reason: `SPEC-RELATION ${r.identifier} starts at SPEC-OBJECT ${source}, which is not in the file${r.entry === undefined ? '' : ' (nor the archive)'}: its link to ${idOf(r.target)} cannot be recorded (R7)`,
      });
    }
  }
  return found.sort((a, b) => a.doc - b.doc || a.line - b.line);
}

function refusalOf(f: Finding): ParsedLine {
  const path = f.entry === undefined ? f.path : `${f.entry}!${f.path}`;
  return refuse({ line: f.line, path }, f.field, f.reason);
}
