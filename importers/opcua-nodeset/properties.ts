/**
 * The identification properties read (DI's IVendorNameplateType and ITagNameplateType, Machinery's
 * MachineryItemIdentificationType and MachineIdentificationType) and the Equipment field each
 * becomes. Every one with a value is kept under its own name: those the canonical model types are
 * checked by it, the others travel beside them in the record as received (MAPPING.md rule M7).
 */

export type PropertyValue =
  /** text, exactly as written (String or LocalizedText) */
  | 'text'
  /** a whole number within the bounds given */
  | { readonly min: number; readonly max: number }
  /** an OPC UA DateTime (UTC) */
  | 'dateTime'
  /** anything, as written (a list stays a list) */
  | 'asWritten';

export interface Property {
  /** the field of the Equipment record */
  readonly field: string;
  readonly value: PropertyValue;
}

export const PROPERTIES: Readonly<Record<string, Property>> = {
  AssetId: { field: 'assetId', value: 'text' },
  ComponentName: { field: 'componentName', value: 'text' },
  DeviceClass: { field: 'deviceClass', value: 'text' },
  Manufacturer: { field: 'manufacturer', value: 'text' },
  ManufacturerUri: { field: 'manufacturerUri', value: 'text' },
  Model: { field: 'model', value: 'text' },
  SerialNumber: { field: 'serialNumber', value: 'text' },
  ProductInstanceUri: { field: 'productInstanceUri', value: 'text' },
  ProductCode: { field: 'productCode', value: 'text' },
  HardwareRevision: { field: 'hardwareRevision', value: 'text' },
  SoftwareRevision: { field: 'softwareRevision', value: 'text' },
  DeviceRevision: { field: 'deviceRevision', value: 'text' },
  DeviceManual: { field: 'deviceManual', value: 'text' },
  // UInt16; a year of the Gregorian calendar
  YearOfConstruction: { field: 'yearOfConstruction', value: { min: 0, max: 65535 } },
  // Byte; the Machinery specification allows 1 to 12
  MonthOfConstruction: { field: 'monthOfConstruction', value: { min: 1, max: 12 } },
  InitialOperationDate: { field: 'initialOperationDate', value: 'dateTime' },
  Location: { field: 'location', value: 'text' },
  RevisionCounter: { field: 'revisionCounter', value: 'asWritten' },
  SoftwareReleaseDate: { field: 'softwareReleaseDate', value: 'asWritten' },
  PatchIdentifiers: { field: 'patchIdentifiers', value: 'asWritten' },
};

export const PROPERTY_NAMES: ReadonlySet<string> = new Set(Object.keys(PROPERTIES));
