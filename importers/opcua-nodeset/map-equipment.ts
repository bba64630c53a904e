/**
 * A machine instance's Identification → one Equipment record: its values read and checked, its
 * identity chosen (rule M1), its name, type, site and the machine around it, and every other
 * identification value kept beside them. A machine with no identity, or with a value that is not
 * what its property holds, is refused with the line, element path and NodeId where it is.
 */
import type { ParsedLine } from '../../src/domain/canonical';
import type { Mapped, Origin } from '../shared/to-record';
import { refuse, toRecord } from '../shared/to-record';
import type { AddressSpace, MachineIdentification, UaNode } from './address-space';
import { BASE_OBJECT_TYPE } from './node-ids';
import type { IdFrom, OpcuaNodesetOptions } from './options';
import { PROPERTIES } from './properties';
import { readUaDateTime, readWhole, textValue } from './values';

export interface MapSettings extends OpcuaNodesetOptions {
  readonly recordedAt: string;
}

/** A record or refusal with the line it sorts by (the Identification's). */
export interface Placed {
  readonly line: number;
  readonly parsed: ParsedLine;
}

interface Identity {
  readonly id: string;
  readonly from: IdFrom;
  /** the property (or properties) the id was read from, for refusals */
  readonly element: string;
}

type Values = Record<string, unknown>;

export function mapEquipment(
  space: AddressSpace,
  found: readonly MachineIdentification[],
  settings: MapSettings,
): Placed[] {
  const out: Placed[] = [];
  // machine → its id, and id → the machine that has it (one file names each machine once)
  const ids = new Map<string, { readonly id: string }>();
  const taken = new Map<string, { readonly line: number; readonly name: string }>();
  const ready: { m: MachineIdentification; origin: Origin; values: Values; identity: Identity }[] =
    [];
  for (const m of found) {
    const origin = originOf(m);
    const read = readValues(m);
    if ('problem' in read) {
      out.push(placed(m, refuse(origin, read.element, `Equipment: ${read.problem}`)));
      continue;
    }
    const identity = identityOf(read.values, settings.idFrom);
    if ('problem' in identity) {
      out.push(
        placed(
          m,
          refuse(
            origin,
            identity.element,
            `Equipment: ${machineName(space, m)} has an Identification (${space.written(m.identification)}) but ${identity.problem}`,
          ),
        ),
      );
      continue;
    }
    const before = taken.get(identity.id);
    if (before !== undefined) {
      out.push(
        placed(
          m,
          refuse(
            origin,
            identity.element,
            `Equipment: the id ${JSON.stringify(identity.id.slice(0, 120))} is already that of ${before.name} (line ${before.line}): two machines of one file cannot be one`,
          ),
        ),
      );
      continue;
    }
    ids.set(m.machine.key, { id: identity.id });
    taken.set(identity.id, { line: m.identification.raw.line, name: machineName(space, m) });
    ready.push({ m, origin, values: read.values, identity });
  }
  for (const { m, origin, values, identity } of ready) {
    const parentId = parentOf(space, m, ids);
    const { field: nameFrom, name } = nameOf(m, values);
    const type = typeOf(space, m, values);
    const mapped: Mapped = {
      kind: 'Equipment',
      source: settings.equipmentSource,
      ...(settings.system === undefined ? {} : { system: settings.system }),
      ...(settings.site === undefined ? {} : { site: settings.site }),
      recordedAt: settings.recordedAt,
      data: {
        id: identity.id,
        name,
        type: type.value,
        site: settings.site,
        ...values,
        // beside the canonical fields: where the record came from in the address space
        idFrom: identity.from,
        nodeId: m.machine.key,
        browseName: m.machine.browse.name,
        typeDefinition: space.typeDefinition(m.machine.key),
        parentId,
      },
    };
    const fields: Record<string, string> = {
      id: identity.element,
      name: nameFrom,
      type: type.element,
    };
    for (const [property, { field }] of Object.entries(PROPERTIES)) fields[field] = property;
    out.push(
      placed(
        m,
        toRecord(mapped, {
          ...origin,
          fieldName: (f) => fields[f.replace(/^data\./, '')] ?? f,
        }),
      ),
    );
  }
  return out;
}

/** Every identification property with a value, under its Equipment field; or the first bad one. */
function readValues(
  m: MachineIdentification,
): { values: Values } | { problem: string; element: string } {
  const values: Values = {};
  for (const [property, node] of m.properties) {
    const spec = PROPERTIES[property];
    const value = node.raw.value;
    if (spec === undefined || value === undefined) continue;
    const where = `${property} (${node.raw.nodeId ?? node.key}, line ${node.raw.line})`;
    if (spec.value === 'asWritten') {
      if (value.kind === 'scalar' && value.text.trim() !== '') values[spec.field] = value.text;
      if (value.kind === 'list' && value.items.length > 0) values[spec.field] = value.items;
      continue;
    }
    if (value.kind !== 'scalar') {
      const held = value.kind === 'list' ? `a list of ${value.type}` : `<${value.type}>`;
      return { problem: `${where} holds ${held}, not one value`, element: property };
    }
    const text = textValue(value);
    if (text === undefined) continue;
    if (spec.value === 'text') {
      values[spec.field] = text;
    } else if (spec.value === 'dateTime') {
      const instant = readUaDateTime(text);
      if (typeof instant === 'object') {
        return { problem: `${where}: ${instant.invalid}`, element: property };
      }
      if (instant !== undefined) values[spec.field] = instant;
    } else {
      const n = readWhole(text, spec.value.min, spec.value.max);
      if (n === undefined) {
        return {
          problem: `${where}: ${JSON.stringify(text.slice(0, 60))} is not a whole number from ${spec.value.min} to ${spec.value.max}`,
          element: property,
        };
      }
      values[spec.field] = n;
    }
  }
  return { values };
}

/**
 * Rule M1: the option's property when one is named (a machine without it is refused), else the
 * first of AssetId (the site's own id for the machine), ProductInstanceUri (globally unique),
 * Manufacturer and SerialNumber joined by `/`.
 */
function identityOf(
  values: Values,
  idFrom: IdFrom | undefined,
): Identity | { problem: string; element: string } {
  const text = (field: string) => values[field] as string | undefined;
  const candidates: Record<IdFrom, Identity | undefined> = {
    assetId: from(text('assetId'), 'assetId', 'AssetId'),
    productInstanceUri: from(
      text('productInstanceUri'),
      'productInstanceUri',
      'ProductInstanceUri',
    ),
    serialNumber:
      text('manufacturer') !== undefined && text('serialNumber') !== undefined
        ? {
            id: `${String(text('manufacturer'))}/${String(text('serialNumber'))}`,
            from: 'serialNumber',
            element: 'Manufacturer/SerialNumber',
          }
        : undefined,
  };
  if (idFrom !== undefined) {
    const chosen = candidates[idFrom];
    if (chosen !== undefined) return chosen;
    const element = idFrom === 'serialNumber' ? 'Manufacturer/SerialNumber' : capital(idFrom);
    const wanted =
      idFrom === 'serialNumber' ? 'Manufacturer and SerialNumber values' : `${element} value`;
    return {
      problem: `no ${wanted}, and the import takes ids from ${idFrom} (option idFrom)`,
      element,
    };
  }
  const chosen = candidates.assetId ?? candidates.productInstanceUri ?? candidates.serialNumber;
  if (chosen !== undefined) return chosen;
  const serial = text('serialNumber');
  return {
    problem:
      'no identity: AssetId and ProductInstanceUri are empty, and ' +
      (serial === undefined
        ? 'there is no SerialNumber'
        : `SerialNumber ${JSON.stringify(serial.slice(0, 60))} has no Manufacturer to make it unique`),
    element: 'Identification',
  };
}

function from(value: string | undefined, field: IdFrom, element: string): Identity | undefined {
  return value === undefined ? undefined : { id: value, from: field, element };
}

function capital(field: string): string {
  return field.charAt(0).toUpperCase() + field.slice(1);
}

/** The name people give the machine: ComponentName, else its DisplayName, else its BrowseName. */
function nameOf(m: MachineIdentification, values: Values): { field: string; name: string } {
  const component = values.componentName as string | undefined;
  if (component !== undefined) return { field: 'ComponentName', name: component };
  const display = m.machine.raw.displayName;
  if (display !== undefined && display.trim() !== '')
    return { field: 'DisplayName', name: display };
  return { field: 'BrowseName', name: m.machine.browse.name };
}

/**
 * What kind of machine: DeviceClass; else its type definition's name when the file defines the
 * type; else the type definition as an ExpandedNodeId (`nsu=…;i=13`); BaseObjectType says nothing.
 */
function typeOf(
  space: AddressSpace,
  m: MachineIdentification,
  values: Values,
): { value: string | undefined; element: string } {
  const deviceClass = values.deviceClass as string | undefined;
  if (deviceClass !== undefined) return { value: deviceClass, element: 'DeviceClass' };
  const type = space.typeDefinition(m.machine.key);
  if (type === undefined || type === BASE_OBJECT_TYPE) {
    return { value: undefined, element: 'HasTypeDefinition' };
  }
  const defined = space.nodes.get(type);
  const name = defined?.browse.name;
  return {
    value: name !== undefined && name.trim() !== '' ? name : type,
    element: 'HasTypeDefinition',
  };
}

/** The nearest machine around this one that became an Equipment (a component's machine). */
function parentOf(
  space: AddressSpace,
  m: MachineIdentification,
  ids: ReadonlyMap<string, { readonly id: string }>,
): string | undefined {
  for (const node of space.around(m.machine.key)) {
    const id = ids.get(node.key);
    if (id !== undefined) return id.id;
  }
  return undefined;
}

function machineName(space: AddressSpace, m: MachineIdentification): string {
  return `${m.machine.browse.name} (${space.written(m.machine)})`;
}

function originOf(m: MachineIdentification): Origin {
  const parts = [m.identification, ...m.properties.values()]
    .map((n: UaNode) => n.raw.original)
    .filter((o): o is string => o !== undefined);
  return {
    line: m.identification.raw.line,
    path: m.identification.raw.path,
    original: parts.join('\n').slice(0, 64 * 1024),
  };
}

function placed(m: MachineIdentification, parsed: ParsedLine): Placed {
  return { line: m.identification.raw.line, parsed };
}
