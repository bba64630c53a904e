import { Args, Query, Resolver } from 'type-graphql';
import type { GovernanceViolation as Violation, Page } from '../services/governance-service';
import { GovernanceService } from '../services/governance-service';
import { GovernanceViolationConnection } from './governance.type';
import { PageArgs } from './page.args';

@Resolver()
export class GovernanceResolver {
  constructor(private readonly governance: GovernanceService) {}

  @Query(() => GovernanceViolationConnection, {
    description: 'records refused because their source is not the authority for their kind',
  })
  governanceViolations(@Args(() => PageArgs) { first, after }: PageArgs): Promise<Page<Violation>> {
    return this.governance.violations(first ?? 100, after);
  }
}
