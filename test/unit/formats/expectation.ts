/**
 * What a sample file should yield, as each format's `*.expected.ts` works it out from its
 * PROVENANCE.md: the unit tests check the parser against it, the integration test the graph.
 */
import type { Kind } from '../../../src/domain/canonical';

export interface Expectation {
  /** relative to shared/samples, or `test/fixtures/…` */
  readonly file: string;
  readonly format: string;
  /** records per kind as they come out of the parser (before governance) */
  readonly records: Partial<Record<Kind, number>>;
  readonly refused: number;
  /** display keys (key values joined with '/') found in the graph after the import */
  readonly keys?: readonly { readonly kind: Kind; readonly key: string }[];
  /** the parser's own option names */
  readonly options?: Readonly<Record<string, string>>;
}
