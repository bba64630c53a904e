import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType()
export class RequirementCoverageRow {
  @Field()
  id!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => [String], {
    description: "characteristics in the part revision's inspection plans that verify it",
  })
  verifyingCharacteristics!: string[];

  @Field(() => Int)
  verifiedUnits!: number;

  @Field(() => Int)
  totalUnits!: number;
}

@ObjectType()
export class RequirementCoverage {
  @Field()
  partNumber!: string;

  @Field()
  revision!: string;

  @Field(() => [RequirementCoverageRow])
  requirements!: RequirementCoverageRow[];

  @Field(() => Float, {
    description: 'requirements with at least one verifying characteristic / requirements',
  })
  designCoverage!: number;

  @Field(() => Float, { description: 'sum of verifiedUnits / sum of totalUnits' })
  verificationCoverage!: number;

  @Field(() => [String], { description: 'requirements no characteristic verifies' })
  uncovered!: string[];

  @Field(() => Int, { description: 'units whose work order is locked to the revision' })
  totalUnits!: number;
}
