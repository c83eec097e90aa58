import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { PropertyType, Resource, ResourceProperties, SpecDatabase } from '@aws-cdk/service-spec-types';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { referenceProblems } from './template-references';

/**
 * JSON schemas of CloudFormation resources, generated from `@aws-cdk/aws-service-spec` (the database
 * AWS's CDK generates its L1 classes from; AWS distils it from the CloudFormation resource registry
 * schemas). It carries each property's type, whether it is required and its allowed values, and every
 * nested type definition; it carries no string patterns or lengths, so those are not checked here.
 *
 * Every object is closed (`additionalProperties: false`), and wherever a value goes an intrinsic
 * function is accepted in its place, as CloudFormation resolves it before the resource provider
 * sees the value. `Fn::If` branches are checked against the value's own schema.
 */

type JsonSchema = Record<string, unknown>;

/** Intrinsic functions CloudFormation resolves inside `Resources` (Fn::If is handled per value). */
const INTRINSIC_SCHEMAS: Record<string, JsonSchema> = {
  Ref: { type: 'string', minLength: 1 },
  'Fn::GetAtt': {
    anyOf: [
      { type: 'array', items: [{ type: 'string' }, { anyOf: [{ type: 'string' }, { type: 'object' }] }], minItems: 2, additionalItems: false },
      { type: 'string', pattern: '^[A-Za-z0-9]+\\..+$' },
    ],
  },
  'Fn::Sub': {
    anyOf: [
      { type: 'string' },
      { type: 'array', items: [{ type: 'string' }, { type: 'object' }], minItems: 2, additionalItems: false },
    ],
  },
  'Fn::Join': { type: 'array', items: [{ type: 'string' }, { anyOf: [{ type: 'array' }, { type: 'object' }] }], minItems: 2, additionalItems: false },
  'Fn::Select': { type: 'array', minItems: 2, maxItems: 2 },
  'Fn::Split': { type: 'array', items: [{ type: 'string' }, {}], minItems: 2, additionalItems: false },
  'Fn::ImportValue': {},
  'Fn::FindInMap': { type: 'array', minItems: 3, maxItems: 4 },
  'Fn::Base64': {},
  'Fn::GetAZs': {},
  'Fn::Cidr': { type: 'array', minItems: 3, maxItems: 3 },
  'Fn::Length': {},
  'Fn::ToJsonString': {},
};

const INTRINSIC: JsonSchema = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  propertyNames: { enum: Object.keys(INTRINSIC_SCHEMAS) },
  properties: INTRINSIC_SCHEMAS,
};

/** Resource attributes CloudFormation itself defines, beside `Type` and `Properties`. */
const RESOURCE_ATTRIBUTES: JsonSchema = {
  DependsOn: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
  Condition: { type: 'string' },
  DeletionPolicy: { enum: ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'] },
  UpdateReplacePolicy: { enum: ['Delete', 'Retain', 'Snapshot'] },
  Metadata: { type: 'object' },
  CreationPolicy: { type: 'object' },
  UpdatePolicy: { type: 'object' },
};

/** One problem found in a template, located by logical id and JSON pointer. */
export interface TemplateProblem {
  logicalId: string;
  type: string;
  /** JSON pointer within the resource. */
  path: string;
  message: string;
}

/** A template as far as the validation needs it. */
export interface CfnTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> } & Record<string, unknown>>;
  Parameters?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
}

/** Builds the schema of one resource type: its own properties, with every nested definition it uses. */
class ResourceSchemaBuilder {
  // The intrinsic-function schema once, referred to from every value: ajv compiles it once per resource type.
  private readonly definitions: Record<string, JsonSchema> = { intrinsic: INTRINSIC };

  constructor(private readonly db: SpecDatabase) {}

  build(resource: Resource): JsonSchema {
    const properties = this.objectOf(resource.properties);
    return {
      type: 'object',
      additionalProperties: false,
      required: ['Type', ...(properties.required.length > 0 ? ['Properties'] : [])],
      properties: {
        Type: { const: resource.cloudFormationType },
        Properties: properties.schema,
        ...RESOURCE_ATTRIBUTES,
      },
      definitions: this.definitions,
    };
  }

  private objectOf(properties: ResourceProperties): { schema: JsonSchema; required: string[] } {
    const required = Object.entries(properties)
      .filter(([, property]) => property.required === true)
      .map(([name]) => name);
    const schema: JsonSchema = {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, this.value(property.type)])),
      ...(required.length > 0 ? { required } : {}),
    };
    return { schema, required };
  }

  /** A value of a type, or an intrinsic function; a named definition so `Fn::If` can recurse into it. */
  private value(type: PropertyType): JsonSchema {
    const key = `v${JSON.stringify(type)}`;
    if (this.definitions[key] === undefined) {
      this.definitions[key] = {}; // reserved first: recursive definitions refer to it while it is built
      const self = { $ref: `#/definitions/${escapePointer(key)}` };
      this.definitions[key] = {
        anyOf: [
          this.literal(type),
          { $ref: '#/definitions/intrinsic' },
          {
            type: 'object',
            additionalProperties: false,
            required: ['Fn::If'],
            properties: { 'Fn::If': { type: 'array', items: [{ type: 'string' }, self, self], minItems: 3, additionalItems: false } },
          },
          { type: 'object', additionalProperties: false, required: ['Ref'], properties: { Ref: { const: 'AWS::NoValue' } } },
        ],
      };
    }
    return { $ref: `#/definitions/${escapePointer(key)}` };
  }

  private literal(type: PropertyType): JsonSchema {
    switch (type.type) {
      case 'string':
        return type.allowedValues ? { type: 'string', enum: type.allowedValues } : { type: 'string' };
      case 'date-time':
        return { type: 'string' };
      case 'integer':
        return type.allowedValues ? { type: 'integer', enum: type.allowedValues.map(Number) } : { type: 'integer' };
      case 'number':
        return { type: 'number' };
      case 'boolean':
        return { type: 'boolean' };
      case 'json':
        return { type: 'object' };
      case 'null':
        return { type: 'null' };
      case 'tag':
        return {
          type: 'object',
          additionalProperties: false,
          required: ['Key', 'Value'],
          properties: { Key: this.value({ type: 'string' }), Value: this.value({ type: 'string' }) },
        };
      case 'array':
        return { type: 'array', items: this.value(type.element) };
      case 'map':
        return { type: 'object', additionalProperties: this.value(type.element) };
      case 'union':
        return { anyOf: type.types.map((member) => this.value(member)) };
      case 'ref': {
        const definition = this.db.get('typeDefinition', type.reference);
        const key = `d${definition.$id}`;
        if (this.definitions[key] === undefined) {
          this.definitions[key] = {};
          this.definitions[key] = this.objectOf(definition.properties).schema;
        }
        return { $ref: `#/definitions/${key}` };
      }
      default:
        throw new Error(`Unhandled property type ${JSON.stringify(type)} in the service spec`);
    }
  }
}

function escapePointer(key: string): string {
  return encodeURIComponent(key.replaceAll('~', '~0').replaceAll('/', '~1'));
}

function describe(error: ErrorObject): string {
  const detail = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : error.keyword === 'enum' ? ` (${JSON.stringify(error.params.allowedValues)})` : '';
  return `${error.message ?? error.keyword}${detail}`;
}

/**
 * Validates templates against the resource schemas. Loading the spec database takes about a second;
 * one validator serves every template of a test file.
 */
export class ResourceSchemaValidator {
  private readonly db: SpecDatabase;
  // Definitions compiled as functions of their own rather than inlined at each use: half the compile time.
  private readonly ajv = new Ajv({ allErrors: true, strict: false, inlineRefs: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(db: SpecDatabase = loadAwsServiceSpecSync()) {
    this.db = db;
  }

  /** The spec of a resource type; throws for a type the spec does not know (a typo, or a custom one). */
  resource(type: string): Resource {
    const found = this.db.lookup('resource', 'cloudFormationType', 'equals', type);
    if (found.length !== 1) throw new Error(`Unknown resource type ${type}: not in @aws-cdk/aws-service-spec`);
    return found[0]!;
  }

  /** The attributes `Fn::GetAtt` may read of a type; undefined for a type the spec does not know. */
  private attributesOf(type: string): string[] | undefined {
    const found = this.db.lookup('resource', 'cloudFormationType', 'equals', type);
    return found.length === 1 ? Object.keys(found[0]!.attributes) : undefined;
  }

  private validatorFor(type: string): ValidateFunction {
    let validate = this.compiled.get(type);
    if (validate === undefined) {
      validate = this.ajv.compile(new ResourceSchemaBuilder(this.db).build(this.resource(type)));
      this.compiled.set(type, validate);
    }
    return validate;
  }

  /**
   * Every problem of every resource: schema violations, unknown resource types, and references
   * (`Ref`, `Fn::GetAtt`, `Fn::Sub` variables, conditions) to nothing the template or the resource
   * type defines (template-references.ts).
   */
  validate(template: CfnTemplate): TemplateProblem[] {
    const problems: TemplateProblem[] = [];
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      const type = String(resource.Type);
      let validate: ValidateFunction;
      try {
        validate = this.validatorFor(type);
      } catch (error) {
        problems.push({ logicalId, type, path: '/Type', message: (error as Error).message });
        continue;
      }
      if (!validate(resource)) {
        for (const error of mostSpecific(validate.errors ?? [])) problems.push({ logicalId, type, path: error.instancePath, message: describe(error) });
      }
      for (const problem of referenceProblems(template, resource, (of) => this.attributesOf(of))) problems.push({ logicalId, type, ...problem });
    }
    return problems;
  }
}

/**
 * Each value is `anyOf` [its literal form, an intrinsic, Fn::If, AWS::NoValue]: for a wrong value ajv
 * reports why each branch failed. The literal branch says what is wrong; the intrinsic branches
 * would only add that the value is not an intrinsic either.
 */
function mostSpecific(errors: ErrorObject[]): ErrorObject[] {
  // Schema paths are relative to the value's definition: `#/anyOf/0` is the literal branch.
  const intrinsicBranch = /^#\/anyOf\/[1-3](\/|$)/;
  const useful = errors.filter((error) => error.keyword !== 'anyOf' && !intrinsicBranch.test(error.schemaPath));
  const chosen = useful.length > 0 ? useful : errors;
  return chosen.filter((error, index) => chosen.findIndex((other) => other.instancePath === error.instancePath && describe(other) === describe(error)) === index);
}
