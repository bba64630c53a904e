/**
 * A profile file → the checked profile and the sha256 of its bytes (recorded with each import),
 * or every problem with its path. Profiles are small: one past 1 MiB is refused unread.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { clip } from '../../src/domain/excerpt';
import { checkProfile } from './profile-schema';
import type { Profile, ProfileProblem } from './profile-schema';

export const MAX_PROFILE_BYTES = 1024 * 1024;

export type LoadedProfile =
  | { readonly profile: Profile; readonly hash: string }
  | { readonly problems: readonly ProfileProblem[] };

export async function loadProfile(path: string): Promise<LoadedProfile> {
  let bytes: Buffer;
  try {
    const size = (await stat(path)).size;
    if (size > MAX_PROFILE_BYTES)
      return {
        problems: [
          {
            path: '(the file)',
            message: `${size} bytes; a profile may be at most ${MAX_PROFILE_BYTES}`,
          },
        ],
      };
    bytes = await readFile(path);
  } catch (e) {
    return {
      problems: [{ path: '(the file)', message: `cannot be read: ${clip((e as Error).message)}` }],
    };
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  let value: unknown;
  try {
    value = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''),
    );
  } catch (e) {
    return {
      problems: [
        { path: '(the file)', message: `not valid JSON (UTF-8): ${clip((e as Error).message)}` },
      ],
    };
  }
  const checked = checkProfile(value);
  return 'problems' in checked ? checked : { profile: checked.profile, hash };
}
