import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from './scalars';

export enum MotorHealth {
  GREEN = 'GREEN',
  YELLOW = 'YELLOW',
  RED = 'RED',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(MotorHealth, {
  name: 'MotorHealth',
  description:
    'GREEN: vibration in ISO 10816-3 zones A–B and temperature below its yellow limit; YELLOW: zone C or above the yellow limit; RED: zone D or above the red limit; UNKNOWN: no vibration or temperature reading yet',
});

@ObjectType({ description: "the latest reading of one of a machine's tags" })
export class SeriesHead {
  @Field()
  tag!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'what the collector config says it means: energy_counter, motor_current, vibration_velocity, temperature, machine_state',
  })
  meaning!: string | null;

  @Field(() => String, { nullable: true })
  unit!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'its source time' })
  lastAt!: string | null;

  @Field(() => Float, { nullable: true })
  lastValue!: number | null;

  @Field(() => String, { nullable: true, description: 'the OPC UA status code name' })
  lastQuality!: string | null;
}

@ObjectType({ description: 'a machine that sends live readings' })
export class Machine {
  @Field()
  equipmentId!: string;

  @Field(() => String, { nullable: true })
  site!: string | null;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  type!: string | null;

  @Field(() => MotorHealth)
  health!: MotorHealth;

  @Field(() => String, { nullable: true, description: 'why: the readings it was judged on' })
  healthReason!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'when the health last changed' })
  healthChangedAt!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastReadingAt!: string | null;

  @Field(() => [SeriesHead])
  series!: SeriesHead[];
}

@ObjectType({
  description: 'machines per motor health at one site, or across all sites (site null)',
})
export class MotorHealthCount {
  @Field(() => String, { nullable: true })
  site!: string | null;

  @Field(() => Int)
  green!: number;

  @Field(() => Int)
  yellow!: number;

  @Field(() => Int)
  red!: number;

  @Field(() => Int)
  unknown!: number;
}

@ObjectType()
export class OperationEnergy {
  @Field()
  opNumber!: string;

  @Field(() => Int, { description: 'operations measured' })
  operations!: number;

  @Field(() => Float, { description: 'kWh of all of them' })
  kwh!: number;

  @Field(() => Float)
  kwhPerOperation!: number;
}

@ObjectType({ description: 'energy per route: per part, what each routing operation takes' })
export class RouteEnergy {
  @Field()
  partNumber!: string;

  @Field(() => Int, { description: 'units measured at its most measured operation' })
  units!: number;

  @Field(() => [OperationEnergy])
  operations!: OperationEnergy[];

  @Field(() => Float, { description: "the sum of the operations' mean kWh: one unit of the route" })
  kwhPerUnit!: number;

  @Field(() => Int, { description: 'energy counter resets met inside the operations (handled)' })
  resets!: number;
}

@ObjectType()
export class UnitOperationEnergy {
  @Field()
  executionId!: string;

  @Field(() => String, { nullable: true })
  opNumber!: string | null;

  @Field(() => String, { nullable: true })
  equipmentId!: string | null;

  @Field(() => Float)
  kwh!: number;

  @Field(() => DateTimeScalar, { nullable: true })
  firstAt!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastAt!: string | null;
}

@ObjectType({ description: "kWh of one unit: the sum of its operations' energy" })
export class UnitEnergy {
  @Field()
  serialNumber!: string;

  @Field(() => Float)
  kwh!: number;

  @Field(() => [UnitOperationEnergy])
  operations!: UnitOperationEnergy[];
}

@ObjectType({ description: 'a reading just stored' })
export class LiveReadingPoint {
  @Field()
  equipmentId!: string;

  @Field()
  tag!: string;

  @Field(() => String, { nullable: true })
  unit!: string | null;

  @Field(() => DateTimeScalar, { description: 'the source time' })
  t!: string;

  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field()
  quality!: string;
}

@ObjectType({ description: "a change of a machine's motor health" })
export class HealthChange {
  @Field()
  equipmentId!: string;

  @Field(() => String, { nullable: true })
  site!: string | null;

  @Field(() => MotorHealth)
  health!: MotorHealth;

  @Field(() => MotorHealth, { nullable: true })
  previous!: MotorHealth | null;

  @Field()
  reason!: string;

  @Field(() => DateTimeScalar)
  changedAt!: string;
}
