import { Arg, Int, Query, Resolver } from 'type-graphql';
import type { EvidenceChain as Chain } from '../domain/evidence';
import { EvidenceService } from '../services/evidence-service';
import { EvidenceChain, ReadingSeries } from './evidence.type';

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

  @Query(() => [ReadingSeries], {
    description:
      'the machine readings of one operation execution point by point, per tag (at most `limit` a tag, evenly spread)',
  })
  operationReadings(
    @Arg('executionId', () => String) executionId: string,
    @Arg('limit', () => Int, { defaultValue: 200 }) limit: number,
  ): Promise<ReadingSeries[]> {
    return this.evidence.readings(executionId, limit) as Promise<ReadingSeries[]>;
  }
}
