import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, Info, Query, Resolver } from 'type-graphql';
import { seesSite } from '../domain/access';
import { TraceService } from '../services/trace-service';
import type { SiteLookup } from './access-policy';
import type { RequestContext } from './request-context';
import { TraceBackwardArgs, TraceForwardArgs, SearchArgs } from './trace.args';
import { selectsAny } from './selection';
import { BackwardTrace, ForwardTrace, SearchHit } from './trace.type';

@Resolver()
export class TraceResolver {
  constructor(
    private readonly trace: TraceService,
    private readonly sites: SiteLookup,
  ) {}

  @Query(() => ForwardTrace, {
    description: 'every unit that contains the lot or serial, at any depth (recall scope)',
  })
  async traceForward(
    @Args(() => TraceForwardArgs) args: TraceForwardArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ForwardTrace> {
    const details = selectsAny(info, ['units'], ['partNumber', 'status', 'shipmentId', 'customer']);
    const { nodes, ...rest } = await this.trace.forward(
      args,
      args.first ?? 100,
      args.after,
      details,
    );
    return { ...rest, units: [...nodes] };
  }

  @Query(() => BackwardTrace, {
    description: 'the as-built tree of a unit or lot: everything consumed into it',
  })
  traceBackward(@Args(() => TraceBackwardArgs) args: TraceBackwardArgs): Promise<BackwardTrace> {
    return this.trace.backward(args, args.maxDepth ?? 50) as Promise<BackwardTrace>;
  }

  @Query(() => [SearchHit], {
    description: 'records whose number starts with the prefix, natural order',
  })
  async search(
    @Ctx() context: RequestContext,
    @Args(() => SearchArgs) args: SearchArgs,
  ): Promise<SearchHit[]> {
    const hits = await this.trace.search(args.prefix, args.kinds, args.first ?? 20);
    const { identity } = context;
    if (identity.sites === 'all') return hits;
    // a person of some sites does not learn the serial numbers of the others
    const units = hits.filter((h) => h.kind === 'Unit').map((h) => h.key);
    const sites =
      units.length > 0 ? await this.sites.unitSites(units) : new Map<string, string | null>();
    return hits.filter((h) => h.kind !== 'Unit' || seesSite(identity, sites.get(h.key)));
  }
}
