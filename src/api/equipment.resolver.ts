import { Arg, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { HealthChange as Change } from '../graph/reading-store';
import { EquipmentService } from '../services/equipment-service';
import type { LivePoint, LiveReadings } from '../services/live-readings';
import { ThreadgraphError } from '../domain/errors';
import {
  HealthChange,
  LiveReadingPoint,
  Machine,
  RouteEnergy,
  MotorHealthCount,
  UnitEnergy,
} from './equipment.type';
import { ReadingSeries } from './evidence.type';
import { DateTimeScalar } from './scalars';

function live(context: unknown): LiveReadings {
  const l = (context as { live?: LiveReadings } | undefined)?.live;
  if (l === undefined)
    throw new ThreadgraphError('UNAVAILABLE', 'live readings are not served here');
  return l;
}

@Resolver()
export class EquipmentResolver {
  constructor(private readonly equipment: EquipmentService) {}

  @Query(() => [Machine], {
    description: 'the machines that send live readings, with their motor health (one site, or all)',
  })
  machines(@Arg('site', () => String, { nullable: true }) site: string | null): Promise<Machine[]> {
    return this.equipment.machines(site ?? null) as Promise<Machine[]>;
  }

  @Query(() => [MotorHealthCount], {
    description: 'machines per motor health: each site, then all sites together (site null)',
  })
  motorHealthBySite(): Promise<MotorHealthCount[]> {
    return this.equipment.siteHealth();
  }

  @Query(() => ReadingSeries, {
    description:
      'one tag of one machine point by point between two times (default: the hour before `to`, or before now), at most `limit` points evenly spread',
  })
  async equipmentReadings(
    @Arg('equipmentId', () => String) equipmentId: string,
    @Arg('tag', () => String) tag: string,
    @Arg('from', () => DateTimeScalar, { nullable: true }) from: string | null,
    @Arg('to', () => DateTimeScalar, { nullable: true }) to: string | null,
    @Arg('limit', () => Int, { defaultValue: 500 }) limit: number,
  ): Promise<ReadingSeries> {
    const { unit, count, points } = await this.equipment.series(
      equipmentId,
      tag,
      { from, to },
      limit,
    );
    return { tag, unit, count, points: points.map((p) => ({ ...p })) };
  }

  @Query(() => [RouteEnergy], {
    description:
      'energy per route: per part and routing operation, the kWh its machines used during the operations started in [from, to) (one site, or all)',
  })
  energyByRoute(
    @Arg('site', () => String, { nullable: true }) site: string | null,
    @Arg('from', () => DateTimeScalar, { nullable: true }) from: string | null,
    @Arg('to', () => DateTimeScalar, { nullable: true }) to: string | null,
  ): Promise<RouteEnergy[]> {
    return this.equipment.energyByRoute(site ?? null, { from, to }) as Promise<RouteEnergy[]>;
  }

  @Query(() => UnitEnergy, {
    description: "kWh of one unit, per operation, from its machines' energy counters",
  })
  unitEnergy(@Arg('serialNumber', () => String) serialNumber: string): Promise<UnitEnergy> {
    return this.equipment.unitEnergy(serialNumber) as Promise<UnitEnergy>;
  }

  @Subscription(() => [LiveReadingPoint], {
    description: "a machine's readings as they are stored (one tag, or all), a batch at a time",
    subscribe: ({ args, context }) => {
      const a = args as { equipmentId: string; tag?: string | null };
      return live(context).readings(a.equipmentId, a.tag ?? null);
    },
  })
  equipmentReadingsLive(
    @Root() points: LivePoint[],
    @Arg('equipmentId', () => String) _equipmentId: string,
    @Arg('tag', () => String, { nullable: true }) _tag: string | null,
  ): LiveReadingPoint[] {
    return points;
  }

  @Subscription(() => HealthChange, {
    description: "each change of a machine's motor health, at one site or all",
    subscribe: ({ args, context }) =>
      live(context).healthChanges((args as { site?: string | null }).site ?? null),
  })
  healthChanges(
    @Root() change: Change,
    @Arg('site', () => String, { nullable: true }) _site: string | null,
  ): HealthChange {
    return change as HealthChange;
  }
}
