import { Arg, Query, Resolver } from 'type-graphql';
import type { EvidenceChain as Chain } from '../domain/evidence';
import { EvidenceService } from '../services/evidence-service';
import { EvidenceChain } from './evidence.type';

@Resolver()
export class EvidenceResolver {
  constructor(private readonly evidence: EvidenceService) {}

  @Query(() => EvidenceChain, {
    nullable: true,
    description: 'null when the serial number is unknown',
  })
  evidenceChain(@Arg('serialNumber', () => String) serialNumber: string): Promise<Chain | null> {
    return this.evidence.chain(serialNumber);
  }
}
