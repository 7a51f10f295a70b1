/**
 * Heuristics for secrets written where plain configuration belongs. They return what kind of secret a
 * value looks like, never the value: findings must not repeat it.
 */

/** Shapes that are secrets wherever they appear, whatever the variable is called. */
const SECRET_SHAPES: readonly { readonly kind: string; readonly pattern: RegExp }[] = [
  { kind: "an AWS access key id", pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/ },
  { kind: "a private key", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  { kind: "a GitHub token", pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{22,})/ },
  { kind: "a Slack token", pattern: /(?<![A-Za-z0-9])xox[abpr]-[A-Za-z0-9-]{10,}/ },
  { kind: "a Stripe live key", pattern: /(?<![A-Za-z0-9])[rs]k_live_[A-Za-z0-9]{16,}/ },
  { kind: "a Google API key", pattern: /(?<![\w-])AIza[\w-]{35}(?![\w-])/ },
  { kind: "a JSON Web Token", pattern: /(?<![\w-])eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/ },
  {
    kind: "a secret that a CloudFormation dynamic reference resolves into plaintext",
    pattern: /\{\{resolve:(?:secretsmanager|ssm-secure):/,
  },
];

/** `scheme://user:password@` (the user may be empty, as in Redis URLs); the password is captured. */
const URL_CREDENTIALS = /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:/?#@]*:([^\s/?#@]+)@/;

/** Passwords that stand for one filled in later, or masked ones: `${DB_PASSWORD}`, `%s`, `<password>`, `****`. */
const PLACEHOLDER_PASSWORD = /^(?:[$%{<]|\*+$|x+$)/i;

/** Words in a name that say its value is a secret (names are compared upper-case, `-`, `.` and camelCase as `_`). */
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|LICENSE_?KEY|CREDENTIAL/;

/** Endings that say the value only points to a secret or describes it: `DB_SECRET_ARN`, `TOKEN_URL`. */
const REFERENCE_NAME =
  /_(?:ARN|NAME|ID|URL|URI|PATH|FILE|DIR|ENDPOINT|HOST|PORT|REGION|TYPE|HEADER|PARAM|PARAMETER|VERSION|TTL|EXPIRY|LENGTH|SIZE|ENABLED|FORMAT|ALGORITHM|FIELD|PREFIX)$/;

/** Values that are references, not secrets: ARNs, URLs (without a password), paths, template placeholders. */
const REFERENCE_VALUE = /^(?:arn:|[A-Za-z][A-Za-z0-9+.-]*:\/\/|\/|~\/|[A-Za-z]:\\|\$\{|\$\$\$|\{\{|<)/;

const BOOLEAN_VALUE = /^(?:true|false|on|off|yes|no|enabled|disabled)$/i;

/** A value of a secret-named variable this long and this varied is taken for the secret itself. */
const NAMED_MIN_LENGTH = 20;
const NAMED_MIN_ENTROPY = 3;
/** Any value this long, mixing upper case, lower case and digits this randomly, looks like key material. */
const RANDOM_MIN_LENGTH = 32;
const RANDOM_MIN_ENTROPY = 4.3;

/** `dbPassword`, `splunk-token`, `api.key` → `DB_PASSWORD`, `SPLUNK_TOKEN`, `API_KEY`. */
function normalizedName(name: string): string {
  return name
    .replaceAll(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase()
    .replaceAll(/[^A-Z0-9]+/g, "_");
}

/** Whether a variable or option name says its value is a secret (and not a pointer to one). */
export function nameSuggestsSecret(name: string): boolean {
  const normalized = normalizedName(name);
  return SECRET_NAME.test(normalized) && !REFERENCE_NAME.test(normalized);
}

/** Whether a value is a literal, rather than empty, a switch, or a reference or placeholder for the secret. */
export function isLiteralValue(value: string): boolean {
  const trimmed = value.trim();
  return trimmed !== "" && !BOOLEAN_VALUE.test(trimmed) && !REFERENCE_VALUE.test(trimmed);
}

/**
 * What kind of secret a variable's value looks like, or undefined. In order: known token shapes, URLs with
 * a password, a long varied value in a variable named like a secret, and long random-looking values
 * (base64 that decodes to text, such as encoded configuration, is not random).
 */
export function detectSecret(name: string | undefined, value: string): string | undefined {
  const shape = SECRET_SHAPES.find(({ pattern }) => pattern.test(value));
  if (shape !== undefined) return shape.kind;
  const password = URL_CREDENTIALS.exec(value)?.[1];
  if (password !== undefined && !PLACEHOLDER_PASSWORD.test(password))
    return "a URL with an embedded password";
  const trimmed = value.trim();
  if (/\s/.test(trimmed) || !isLiteralValue(trimmed)) return undefined;
  const named = name !== undefined && nameSuggestsSecret(name);
  if (named && trimmed.length >= NAMED_MIN_LENGTH && shannonEntropy(trimmed) >= NAMED_MIN_ENTROPY)
    return "a secret (a long literal value in a variable named like one)";
  if (looksRandom(trimmed)) return "a random key or token (a long high-entropy value)";
  return undefined;
}

function looksRandom(value: string): boolean {
  return (
    value.length >= RANDOM_MIN_LENGTH &&
    /[A-Z]/.test(value) &&
    /[a-z]/.test(value) &&
    /[0-9]/.test(value) &&
    shannonEntropy(value) >= RANDOM_MIN_ENTROPY &&
    !isBase64OfText(value)
  );
}

/** Bits per character of a string's character distribution. */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  const length = [...value].length;
  let entropy = 0;
  for (const count of counts.values()) entropy -= (count / length) * Math.log2(count / length);
  return entropy;
}

function isBase64OfText(value: string): boolean {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return false;
  const bytes = Buffer.from(value, "base64");
  if (bytes.length === 0) return false;
  const printable = bytes.filter(
    (byte) => (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d,
  );
  return printable.length / bytes.length >= 0.95;
}
