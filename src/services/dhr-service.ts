/**
 * The device history record (DHR) of a serial: its evidence chain as one document, stamped with
 * when and by what it was generated and with a content hash, for the PDF, CSV and JSON exports.
 *
 * The content hash is the sha256 (hex) of the canonical JSON (domain/dhr.ts canonicalJson, RFC
 * 8785 for these values) of the whole document except `header.generatedAt` and `contentHash`
 * itself. So the same evidence gives the same hash whenever it is generated, and a printed DHR can
 * be checked against a fresh one: equal hashes, equal content. It covers the generator's name and
 * version and the format too: a DHR made by another version is another document.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dhr } from '../domain/dhr';
import { canonicalJson, DHR_FORMAT, dhrSections, dhrSubject } from '../domain/dhr';
import { formatInstant, instantFromDate } from '../domain/time';
import { PACKAGE_ROOT } from '../paths';
import type { EvidenceService } from './evidence-service';

export interface DhrOptions {
  /** the clock generatedAt is read from */
  readonly now?: () => Date;
  /** what the header names as its generator; by default this package's name and version */
  readonly generator?: { readonly name: string; readonly version: string };
}

export class DhrService {
  private readonly now: () => Date;
  private readonly generator: { readonly name: string; readonly version: string };

  constructor(
    private readonly evidence: Pick<EvidenceService, 'chain'>,
    options: DhrOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.generator = options.generator ?? packageGenerator();
  }

  /** Null when the serial is unknown (as for its evidence chain). */
  async record(serialNumber: string): Promise<Dhr | null> {
    const chain = await this.evidence.chain(serialNumber);
    if (chain === null) return null;
    const unhashed: Omit<Dhr, 'contentHash'> = {
      format: DHR_FORMAT,
      header: {
        ...dhrSubject(chain),
        generatedAt: formatInstant(instantFromDate(this.now())),
        generator: this.generator,
      },
      sections: dhrSections(chain),
    };
    return { ...unhashed, contentHash: dhrContentHash(unhashed) };
  }
}

/** The content hash of a DHR as defined above; `contentHash` of the argument is ignored. */
export function dhrContentHash(dhr: Omit<Dhr, 'contentHash'> & { contentHash?: string }): string {
  const {
    contentHash: _contentHash,
    header: { generatedAt: _generatedAt, ...header },
    ...rest
  } = dhr;
  return createHash('sha256')
    .update(canonicalJson({ ...rest, header }), 'utf8')
    .digest('hex');
}

let packageVersion: { name: string; version: string } | undefined;

function packageGenerator(): { name: string; version: string } {
  if (packageVersion === undefined) {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
      name?: string;
      version?: string;
    };
    packageVersion = { name: pkg.name ?? 'threadgraph', version: pkg.version ?? 'unknown' };
  }
  return packageVersion;
}
