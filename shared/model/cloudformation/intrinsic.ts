/**
 * CloudFormation intrinsic functions as the offline scanner can (rarely) resolve them. Only `Ref` to a
 * template parameter with a Default and `Ref` to `AWS::NoValue` have a value before deployment; every
 * other function depends on conditions, other resources, other stacks or the deploying account.
 */

import { isRecord } from "../read.ts";
import type { TemplateReference } from "../resolvable.ts";

export interface Intrinsic {
  readonly name: string;
  readonly argument: unknown;
}

export type Resolution =
  | { readonly kind: "absent" }
  | { readonly kind: "value"; readonly value: unknown }
  | { readonly kind: "unresolved"; readonly reason: string; readonly reference?: TemplateReference };

/** The template sections a `Ref` can point into. */
export interface Declarations {
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly resources: Readonly<Record<string, unknown>>;
}

export const noDeclarations: Declarations = { parameters: {}, resources: {} };

/** A one-key object naming an intrinsic function: `{"Ref": …}`, `{"Condition": …}` or `{"Fn::…": …}`. */
export function intrinsicOf(value: unknown): Intrinsic | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  const name = keys[0];
  if (keys.length !== 1 || name === undefined) return undefined;
  if (name !== "Ref" && name !== "Condition" && !name.startsWith("Fn::")) return undefined;
  return { name, argument: value[name] };
}

export function resolveIntrinsic(intrinsic: Intrinsic, declarations: Declarations): Resolution {
  if (intrinsic.name === "Ref") return resolveRef(intrinsic.argument, declarations);
  const reason = `${describe(intrinsic)} cannot be resolved offline`;
  if (intrinsic.name === "Fn::GetAtt")
    return unresolvable(reason, attributeReference(intrinsic.argument, declarations));
  return unresolvable(reason);
}

function resolveRef(target: unknown, declarations: Declarations): Resolution {
  if (typeof target !== "string")
    return unresolvable("Ref without a logical name cannot be resolved offline");
  if (target === "AWS::NoValue") return { kind: "absent" };
  const parameter = ownMember(declarations.parameters, target);
  if (isRecord(parameter)) return parameterDefault(target, parameter);
  if (target.startsWith("AWS::"))
    return unresolvable(`Ref to pseudo parameter ${target} cannot be resolved offline`);
  const resource = ownMember(declarations.resources, target);
  if (resource !== undefined) {
    const type = isRecord(resource) && typeof resource.Type === "string" ? ` (${resource.Type})` : "";
    return unresolvable(`Ref to resource ${target}${type} cannot be resolved offline`, { logicalId: target });
  }
  return unresolvable(`Ref to ${target}, which the template does not declare, cannot be resolved offline`);
}

/**
 * A parameter's Default is what a deployment without overrides uses. List-typed parameters write their
 * default as one comma-separated string, whose members CloudFormation trims; SSM-typed parameters hold
 * the name of an SSM parameter, not the value, so they stay unresolved.
 */
function parameterDefault(name: string, parameter: Readonly<Record<string, unknown>>): Resolution {
  if (!Object.hasOwn(parameter, "Default")) {
    return unresolvable(`Ref to parameter ${name}, which has no Default, cannot be resolved offline`);
  }
  const type = typeof parameter.Type === "string" ? parameter.Type : "String";
  const value = parameter.Default;
  if (type.startsWith("AWS::SSM::Parameter::Value<")) {
    return unresolvable(`Ref to parameter ${name}, read from SSM at deployment, cannot be resolved offline`);
  }
  if (isListType(type) && typeof value === "string") {
    return { kind: "value", value: value.split(",").map((member) => member.trim()) };
  }
  return { kind: "value", value };
}

function isListType(type: string): boolean {
  return type === "CommaDelimitedList" || type.startsWith("List<");
}

function describe(intrinsic: Intrinsic): string {
  const { name, argument } = intrinsic;
  if (name === "Fn::If" && Array.isArray(argument) && typeof argument[0] === "string") {
    return `Fn::If on condition ${argument[0]}`;
  }
  if (name === "Condition" && typeof argument === "string") return `Condition ${argument}`;
  if (name === "Fn::GetAtt") {
    const names = Array.isArray(argument) ? argument : [argument];
    if (names.every((part) => typeof part === "string")) return `Fn::GetAtt ${names.join(".")}`;
  }
  return name;
}

/**
 * The resource and attribute a `Fn::GetAtt` names, when it is a declared resource: `[Name, Attribute]`, or
 * `Name.Attribute` where the attribute may itself contain dots (`Database.Endpoint.Address`).
 */
function attributeReference(argument: unknown, declarations: Declarations): TemplateReference | undefined {
  const [logicalId, attribute] =
    typeof argument === "string" ? splitAtFirstDot(argument) : Array.isArray(argument) ? argument : [];
  if (typeof logicalId !== "string" || typeof attribute !== "string") return undefined;
  if (ownMember(declarations.resources, logicalId) === undefined) return undefined;
  return { logicalId, attribute };
}

function splitAtFirstDot(text: string): readonly string[] {
  const dot = text.indexOf(".");
  return dot === -1 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

function unresolvable(reason: string, reference?: TemplateReference): Resolution {
  return reference === undefined ? { kind: "unresolved", reason } : { kind: "unresolved", reason, reference };
}

function ownMember(record: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
