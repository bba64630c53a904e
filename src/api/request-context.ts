/**
 * What every resolver is given about its request: who asked (after the access policy let it
 * through), from where, and a way to put an action on the audit trail.
 */
import type { Identity } from '../domain/access';
import type { ImportJobService } from '../services/import-jobs';
import type { LiveReadings } from '../services/live-readings';

export interface RequestContext {
  readonly identity: Identity;
  /** the client's address */
  readonly from: string | null;
  readonly signInRequired: boolean;
  readonly correlationId: string;
  readonly jobs?: ImportJobService | undefined;
  readonly live: LiveReadings;
  /**
   * puts an action of this request on the audit trail; resolves once it is there (a trail that
   * cannot be written is logged as an error, and the action, already done, is not undone)
   */
  audit(
    action: string,
    target: string | null,
    detail?: Record<string, string | number | boolean | null>,
  ): Promise<void>;
}
