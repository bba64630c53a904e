import type { GraphQLResolveInfo } from 'graphql';
import { Args, Info, Query, Resolver } from 'type-graphql';
import { TraceService } from '../services/trace-service';
import { TraceBackwardArgs, TraceForwardArgs, SearchArgs } from './trace.args';
import { selectsAny } from './selection';
import { BackwardTrace, ForwardTrace, SearchHit } from './trace.type';

@Resolver()
export class TraceResolver {
  constructor(private readonly trace: TraceService) {}

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
  search(@Args(() => SearchArgs) args: SearchArgs): Promise<SearchHit[]> {
    return this.trace.search(args.prefix, args.kinds, args.first ?? 20);
  }
}
