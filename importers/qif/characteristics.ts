/**
 * A QIF characteristic (Item → Nominal → Definition, linked by document-local ids) as people
 * know it: its key (the item's Name — the balloon number or label on the drawing — else its
 * Designator, else its UUID) and, for a plan, its nominal, limits and unit.
 */
import type { CharacteristicItem, QifIndex } from './scan';
import { readNumber } from './values';

/** The characteristic id people use, or undefined when the item names itself nowhere. */
export function characteristicKey(item: CharacteristicItem): string | undefined {
  return item.name ?? item.designator ?? item.uuid;
}

/** The kind of characteristic, from the element name (PointProfileCharacteristicItem → PointProfile). */
export function characteristicType(element: string): string {
  return element.replace(/Characteristic(Item|Definition|Nominal|Measurement)$/, '');
}

export interface PlanCharacteristic {
  readonly id: string;
  readonly name: string;
  readonly nominal?: number;
  readonly lower?: number;
  readonly upper?: number;
  readonly unit?: string;
  /** kept beside the canonical fields: what joins results to this characteristic */
  readonly uuid?: string;
  readonly type: string;
}

/** One characteristic of a plan, or why it cannot be read (the element and the reason). */
export function planCharacteristic(
  index: QifIndex,
  item: CharacteristicItem,
): PlanCharacteristic | { field: string; reason: string } {
  const id = characteristicKey(item);
  if (id === undefined) {
    return { field: 'Name', reason: 'the characteristic item has no Name, Designator or UUID' };
  }
  const type = characteristicType(item.element);
  const base = {
    id,
    name: item.description ?? type,
    type,
    ...(item.uuid === undefined ? {} : { uuid: item.uuid }),
  };
  if (item.nominalId === undefined || item.nominalExternal) return base;
  for (const id of [item.nominalId, index.nominals.get(item.nominalId)?.definitionId]) {
    const dup = id === undefined ? undefined : index.duplicateIds.get(id);
    if (dup !== undefined) return { field: 'CharacteristicNominalId', reason: dup };
  }
  const nominal = index.nominals.get(item.nominalId);
  if (nominal === undefined) {
    return {
      field: 'CharacteristicNominalId',
      reason: `names nominal ${item.nominalId}, which the document does not declare`,
    };
  }
  const def =
    nominal.definitionId === undefined ? undefined : index.definitions.get(nominal.definitionId);
  if (nominal.definitionId !== undefined && def === undefined) {
    return {
      field: 'CharacteristicDefinitionId',
      reason: `nominal ${nominal.id} names definition ${nominal.definitionId}, which the document does not declare`,
    };
  }
  const numbers: Record<string, number | undefined> = {};
  const texts: [string, string | undefined][] = [
    ['TargetValue', nominal.target],
    ['ToleranceValue', def?.toleranceValue],
    ['MaxValue', def?.maxValue],
    ['MinValue', def?.minValue],
    ['OuterDisposition', def?.outerDisposition],
  ];
  for (const [name, text] of texts) {
    if (text === undefined) continue;
    const n = readNumber(text);
    if (n === undefined) return { field: name, reason: `${JSON.stringify(text)} is not a number` };
    numbers[name] = n;
  }
  const nominalValue = numbers.TargetValue;
  let lower: number | undefined;
  let upper: number | undefined;
  const { MaxValue: max, MinValue: min, ToleranceValue: zone } = numbers;
  if (max !== undefined || min !== undefined) {
    if (def?.definedAsLimit === 'true' || def?.definedAsLimit === '1') {
      lower = min;
      upper = max;
    } else if (nominalValue !== undefined) {
      // plus/minus around the nominal
      lower = min === undefined ? undefined : sum(nominalValue, min);
      upper = max === undefined ? undefined : sum(nominalValue, max);
    }
  } else if (zone !== undefined) {
    if (/Profile$/.test(type)) {
      // a profile zone of width t around the true profile: outer side t/2 unless disposed
      upper = numbers.OuterDisposition ?? zone / 2;
      lower = sum(upper, -zone);
    } else {
      // form, orientation, location, runout: a deviation from 0 up to the zone
      upper = zone;
    }
  }
  const unit = /^(Angle|AngularCoordinate)/.test(type) ? index.angularUnit : index.linearUnit;
  return {
    ...base,
    ...(nominalValue === undefined ? {} : { nominal: nominalValue }),
    ...(lower === undefined ? {} : { lower }),
    ...(upper === undefined ? {} : { upper }),
    ...(unit === undefined ||
    (nominalValue === undefined && upper === undefined && lower === undefined)
      ? {}
      : { unit }),
  };
}

/** A sum of two decimals without binary noise (25.4 + -0.25 is 25.15, not 25.149999999999999). */
function sum(a: number, b: number): number {
  return Number((a + b).toPrecision(15));
}
