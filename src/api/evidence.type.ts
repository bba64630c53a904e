import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from './scalars';

export enum VerificationStatus {
  VERIFIED = 'VERIFIED',
  FAILED = 'FAILED',
  NOT_VERIFIED = 'NOT_VERIFIED',
}
registerEnumType(VerificationStatus, { name: 'VerificationStatus' });

@ObjectType()
export class DocumentRef {
  @Field()
  number!: string;

  @Field()
  revision!: string;

  @Field({
    description: 'current at the moment that matters (build start, execution start, inspection)',
  })
  current!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'the revision that was current at that moment, when it differs',
  })
  currentRevision!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'the moment currency was judged at' })
  at!: string | null;
}

@ObjectType()
export class RequirementEvidence {
  @Field()
  id!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => VerificationStatus)
  status!: VerificationStatus;

  @Field(() => [String], {
    description: "characteristics in the routing's inspection plans that verify it",
  })
  verifyingCharacteristics!: string[];
}

@ObjectType({
  description:
    "machine readings of the execution's equipment between its start and completion, per tag",
})
export class ReadingSummary {
  @Field()
  tag!: string;

  @Field(() => String, { nullable: true })
  unit!: string | null;

  @Field(() => Int)
  count!: number;

  @Field(() => Float, { nullable: true })
  min!: number | null;

  @Field(() => Float, { nullable: true })
  max!: number | null;

  @Field(() => Float, { nullable: true })
  mean!: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'what the collector config says the tag means: energy_counter, vibration_velocity, …',
  })
  meaning!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "the first reading's source time inside the window",
  })
  firstAt!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "the last reading's source time inside the window",
  })
  lastAt!: string | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'for a counter (energy_counter, kWh): what it went up by between the first and the last reading, counter resets handled',
  })
  increase!: number | null;
}

@ObjectType()
export class OperationEvidence {
  @Field()
  id!: string;

  @Field()
  opNumber!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  startedAt!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  completedAt!: string | null;

  @Field(() => String, { nullable: true })
  status!: string | null;

  @Field()
  rework!: boolean;

  @Field(() => String, { nullable: true })
  equipmentId!: string | null;

  @Field(() => String, { nullable: true })
  operatorId!: string | null;

  @Field(() => DocumentRef, { nullable: true })
  workInstruction!: DocumentRef | null;

  @Field(() => [ReadingSummary])
  readings!: ReadingSummary[];
}

@ObjectType()
export class CharacteristicDefinition {
  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => Float, { nullable: true })
  nominal!: number | null;

  @Field(() => Float, { nullable: true, description: 'lower limit' })
  lower!: number | null;

  @Field(() => Float, { nullable: true, description: 'upper limit' })
  upper!: number | null;

  @Field(() => String, { nullable: true })
  unit!: string | null;
}

@ObjectType()
export class InspectionEvidence {
  @Field()
  id!: string;

  @Field()
  characteristicId!: string;

  @Field(() => String, { nullable: true })
  operationExecutionId!: string | null;

  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field()
  result!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  inspectedAt!: string | null;

  @Field(() => DocumentRef)
  plan!: DocumentRef;

  @Field(() => CharacteristicDefinition, {
    nullable: true,
    description: 'the characteristic as the plan revision the result names defines it',
  })
  characteristic!: CharacteristicDefinition | null;
}

@ObjectType()
export class CapaRef {
  @Field()
  id!: string;

  @Field()
  status!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  closedAt!: string | null;
}

@ObjectType()
export class NonconformanceEvidence {
  @Field()
  id!: string;

  @Field()
  status!: string;

  @Field(() => String, { nullable: true })
  disposition!: string | null;

  @Field({ description: 'UNIT, OPERATION, LOT:<lotNumber> or COMPONENT:<serialNumber>' })
  via!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  raisedAt!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field({
    description:
      'names an operation execution, a drawing revision, and a requirement or characteristic',
  })
  structured!: boolean;

  @Field(() => CapaRef, { nullable: true })
  capa!: CapaRef | null;
}

@ObjectType()
export class ComponentEvidence {
  @Field({ description: 'SERIAL or LOT' })
  kind!: string;

  @Field()
  id!: string;

  @Field(() => String, { nullable: true })
  partNumber!: string | null;

  @Field(() => Int, { description: '1 for direct children' })
  depth!: number;

  @Field({ description: 'the serial or lot it was consumed into' })
  parentId!: string;
}

@ObjectType()
export class GapRecord {
  @Field()
  kind!: string;

  @Field(() => [String])
  key!: string[];
}

@ObjectType()
export class Gap {
  @Field()
  code!: string;

  @Field()
  message!: string;

  @Field(() => String, { nullable: true, description: 'the key of the record the gap is about' })
  ref!: string | null;

  @Field(() => GapRecord, {
    nullable: true,
    description: 'the record the gap is about, by kind and key values (for a link to it)',
  })
  record!: GapRecord | null;
}

@ObjectType()
export class ShipmentRef {
  @Field()
  id!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  shippedAt!: string | null;

  @Field(() => String, { nullable: true })
  customer!: string | null;
}

@ObjectType()
export class EvidenceChain {
  @Field()
  serialNumber!: string;

  @Field()
  partNumber!: string;

  @Field(() => String, { nullable: true })
  site!: string | null;

  @Field(() => String, { nullable: true, description: 'IN_PROCESS, COMPLETE, SHIPPED or SCRAPPED' })
  status!: string | null;

  @Field(() => String, { nullable: true })
  workOrderId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "the part revision locked on the unit's work order",
  })
  builtToRevision!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "when the unit's first operation started",
  })
  buildStartedAt!: string | null;

  @Field(() => DocumentRef, { nullable: true })
  drawing!: DocumentRef | null;

  @Field(() => [RequirementEvidence])
  requirements!: RequirementEvidence[];

  @Field(() => [OperationEvidence], { description: 'ordered by startedAt' })
  operations!: OperationEvidence[];

  @Field(() => [InspectionEvidence])
  inspections!: InspectionEvidence[];

  @Field(() => [NonconformanceEvidence])
  nonconformances!: NonconformanceEvidence[];

  @Field(() => [ComponentEvidence], {
    description: 'every serial and lot consumed into the unit, at any depth',
  })
  components!: ComponentEvidence[];

  @Field(() => [ShipmentRef], { description: 'the shipments that name the unit, oldest first' })
  shipments!: ShipmentRef[];

  @Field(() => [Gap])
  gaps!: Gap[];

  @Field()
  complete!: boolean;
}

@ObjectType()
export class ReadingPoint {
  @Field(() => DateTimeScalar, { description: 'the source timestamp' })
  t!: string;

  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => String, { nullable: true })
  quality!: string | null;
}

@ObjectType()
export class ReadingSeries {
  @Field()
  tag!: string;

  @Field(() => String, { nullable: true })
  unit!: string | null;

  @Field(() => Int, { description: 'readings in the window (points may hold fewer)' })
  count!: number;

  @Field(() => [ReadingPoint])
  points!: ReadingPoint[];
}
