/**
 * A value the input cannot decide: a CloudFormation intrinsic function that does not resolve
 * offline, or a field of the wrong type. `at` is the JSON pointer (in API field names) where it sits.
 */
export interface Unresolved {
  readonly unresolved: string;
  readonly at: string;
  /**
   * The template resource an unresolved `Ref` or `Fn::GetAtt` names, so a caller that knows the
   * template can answer what the model cannot (the attribute is absent for a `Ref`).
   */
  readonly reference?: TemplateReference;
}

export interface TemplateReference {
  readonly logicalId: string;
  readonly attribute?: string;
}

/** A field as written in the input, or the reason it cannot be known. */
export type Resolvable<T> = T | Unresolved;

export function isUnresolved(value: unknown): value is Unresolved {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Unresolved).unresolved === "string" &&
    typeof (value as Unresolved).at === "string"
  );
}

export function unresolved(reason: string, at: string, reference?: TemplateReference): Unresolved {
  return reference === undefined ? { unresolved: reason, at } : { unresolved: reason, at, reference };
}
