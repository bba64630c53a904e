/**
 * OPC UA NodeSet2 files (`UANodeSet`: an information model or the address space of a machine, as
 * modellers and servers export it) → one canonical Equipment per machine instance whose
 * Identification carries an identity. One pass holds the address space's skeleton (read-nodeset.ts),
 * then the machines are found by reference and namespace URI (address-space.ts) and mapped
 * (map-equipment.ts). No Reading comes from a nodeset: its values have no source timestamp.
 * What maps to what, and what is refused: MAPPING.md beside this file.
 */
import { stat } from 'node:fs/promises';
import type { ParsedLine } from '../../src/domain/canonical';
import { instantFromDate } from '../../src/domain/time';
import { refuse } from '../shared/to-record';
import { AddressSpace } from './address-space';
import { mapEquipment } from './map-equipment';
import type { Placed } from './map-equipment';
import { NODESET_NAMESPACE } from './node-ids';
import type { OpcuaNodesetOptionText } from './options';
import { readOpcuaNodesetOptions } from './options';
import type { NodeSetFile } from './read-nodeset';
import { readNodeset } from './read-nodeset';
import { readUaDateTime } from './values';

export {
  checkOpcuaNodesetOptions,
  EQUIPMENT_SOURCES,
  ID_FROM,
  OPCUA_NODESET_OPTION_NAMES,
} from './options';
export type { OpcuaNodesetOptionText } from './options';

/** The records and refusals of one NodeSet2 file, in document order (the same every time). */
export async function* parseOpcuaNodeset(
  path: string,
  options: OpcuaNodesetOptionText & Readonly<Record<string, string | undefined>> = {},
): AsyncGenerator<ParsedLine> {
  const opts = readOpcuaNodesetOptions(options);
  const file = await readNodeset(path);
  const stop = fileRefusal(file);
  if (stop !== undefined) {
    yield stop;
    return;
  }
  const recorded = recordedAtOf(file);
  if (typeof recorded === 'object') {
    yield refuse({ line: recorded.line, path: recorded.path }, recorded.field, recorded.invalid);
    return;
  }
  const recordedAt = recorded ?? instantFromDate((await stat(path)).mtime);
  const space = new AddressSpace(file);
  const out: Placed[] = space.unreadable.map((u) => ({
    line: u.raw.line,
    parsed: refuse({ line: u.raw.line, path: u.raw.path }, 'NodeId', u.reason),
  }));
  out.push(...mapEquipment(space, space.identifications(), { ...opts, recordedAt }));
  // stable: records and refusals in the order of the file
  out.sort((a, b) => a.line - b.line);
  for (const o of out) yield o.parsed;
}

/** The file as a whole cannot be read: not a NodeSet2, or not well-formed before its end. */
function fileRefusal(file: NodeSetFile): ParsedLine | undefined {
  const root = file.root;
  if (root === undefined) {
    return file.problem === undefined
      ? refuse({ line: 1 }, undefined, 'not an OPC UA NodeSet: no root element')
      : refuse(
          { line: file.problem.line, path: file.problem.path },
          undefined,
          file.problem.reason,
        );
  }
  if (root.name !== 'UANodeSet' || root.uri !== NODESET_NAMESPACE) {
    return refuse(
      { line: 1, path: `/${root.name}` },
      undefined,
      `not an OPC UA NodeSet: the root is <${root.name}> in namespace ${JSON.stringify(root.uri)}, not <UANodeSet> in ${NODESET_NAMESPACE}`,
    );
  }
  if (file.problem !== undefined) {
    return refuse(
      { line: file.problem.line, path: file.problem.path },
      undefined,
      `${file.problem.reason} — nothing in the file is read, since the references a machine needs may lie past this point`,
    );
  }
  return undefined;
}

/**
 * When the records were recorded: UANodeSet/@LastModified, else the PublicationDate of the model
 * the file defines (its first Model); undefined: neither is written (the file's time stands in).
 */
function recordedAtOf(
  file: NodeSetFile,
): string | undefined | { line: number; path: string; field: string; invalid: string } {
  const [text, at] =
    file.lastModified !== undefined
      ? [file.lastModified, { line: 1, path: '/UANodeSet', field: 'LastModified' }]
      : [
          file.model?.publicationDate,
          {
            line: file.model?.line ?? 1,
            path: '/UANodeSet/Models/Model',
            field: 'PublicationDate',
          },
        ];
  if (text === undefined) return undefined;
  const instant = readUaDateTime(text);
  if (typeof instant === 'object') {
    return { ...at, invalid: `${at.field}: ${instant.invalid} (it is every record's recordedAt)` };
  }
  return instant;
}

const ROOT = /<(?:[A-Za-z_][\w.-]*:)?UANodeSet[\s>/]/;

/**
 * A NodeSet2 file: its first bytes hold a `<UANodeSet>` root (any prefix) and the NodeSet
 * namespace. The schema itself (UANodeSet.xsd) names the element but is no nodeset.
 */
export function looksLikeOpcuaNodeset(head: string, fileName: string): boolean {
  if (/\.xsd$/i.test(fileName)) return false;
  const text = head.replace(/^\uFEFF/, '');
  return ROOT.test(text) && text.includes(NODESET_NAMESPACE);
}
