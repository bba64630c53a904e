import { Arg, Query, Resolver } from 'type-graphql';
import { RecordService } from '../services/record-service';
import { RecordDetails } from './record.type';

@Resolver()
export class RecordResolver {
  constructor(private readonly records: RecordService) {}

  @Query(() => RecordDetails, {
    nullable: true,
    description:
      'any record by kind and key values (PartRevision: ["PA-100", "C"]): fields, provenance, history, links; null when unknown',
  })
  record(
    @Arg('kind', () => String) kind: string,
    @Arg('key', () => [String]) key: string[],
  ): Promise<RecordDetails | null> {
    return this.records.record(kind, key) as Promise<RecordDetails | null>;
  }
}
