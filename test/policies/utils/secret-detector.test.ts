import { describe, expect, it } from "vitest";
import {
  detectSecret,
  isLiteralValue,
  nameSuggestsSecret,
  shannonEntropy,
} from "../../../shared/policies/utils/secret-detector.ts";

/** A `${NAME}` variable reference, as templates and Fluent Bit write it. */
const variable = (name: string) => `\${${name}}`;

// Test values are assembled from parts so that secret scanners do not mistake this file for a leak.
const join = (...parts: string[]) => parts.join("");
const JWT = join("eyJhbGciOiJIUzI1NiJ9", ".", "eyJzdWIiOiIxMjM0NTY3ODkwIn0", ".", "dozjgNryP4J3jVmNHl0w5N");
const RANDOM_BASE64 = "q3Rb9ZxT2mVf8KpL4nWc7YhJ1sDe6GuA0oIz5XyBvN";

/** [variable name, value, kind it looks like]: values that are secrets. */
const SECRETS: readonly (readonly [string, string, string])[] = [
  ["SOME_ID", join("AKIA", "IOSFODNN7EXAMPLE"), "an AWS access key id"],
  ["SESSION", join("ASIA", "Y34FZKBOKMUTVV7A"), "an AWS access key id"],
  ["KEYS", join("id=", "AKIA", "IOSFODNN7EXAMPLE", ";region=eu-west-1"), "an AWS access key id"],
  ["TLS_KEY", join("-----BEGIN ", "PRIVATE KEY-----\\nMIIEv..."), "a private key"],
  ["SSH", join("-----BEGIN OPENSSH ", "PRIVATE KEY-----"), "a private key"],
  ["PGP", join("-----BEGIN PGP ", "PRIVATE KEY BLOCK-----"), "a private key"],
  ["GH", join("ghp_", "a".repeat(18), "B".repeat(18)), "a GitHub token"],
  ["GH_FINE", join("github_pat_", "11ABCDEFG0", "x".repeat(20)), "a GitHub token"],
  ["SLACK", join("xoxb-", "1234567890-abcdefghij"), "a Slack token"],
  ["STRIPE", join("sk_live_", "4eC39HqLyjWDarjtT1zdp7dc"), "a Stripe live key"],
  ["MAPS", join("AIza", "SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"), "a Google API key"],
  ["SESSION_JWT", JWT, "a JSON Web Token"],
  ["DATABASE_URL", "postgres://app:s3cr3t-P4ss@db.internal:5432/app", "a URL with an embedded password"],
  ["REDIS_URL", "redis://:hunter2hunter2@cache:6379/0", "a URL with an embedded password"],
  [
    "DB",
    "{{resolve:secretsmanager:prod/db:SecretString:password}}",
    "a secret that a CloudFormation dynamic reference resolves into plaintext",
  ],
  [
    "DB_PASSWORD",
    "correct-horse-battery-staple",
    "a secret (a long literal value in a variable named like one)",
  ],
  [
    "dbPassword",
    "Tr0ub4dor&3-but-longer-now",
    "a secret (a long literal value in a variable named like one)",
  ],
  [
    "API_KEY",
    "3f1c2b9e-8d4a-4f6b-9c2e-1a7d5e8b0c3f",
    "a secret (a long literal value in a variable named like one)",
  ],
  [
    "AWS_SECRET_ACCESS_KEY",
    join("wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYEXAMPLEKEY"),
    "a secret (a long literal value in a variable named like one)",
  ],
  [
    "SERVICE_CREDENTIALS",
    "u5er:Pa55w0rd-For-Service",
    "a secret (a long literal value in a variable named like one)",
  ],
  ["BLOB", RANDOM_BASE64, "a random key or token (a long high-entropy value)"],
  // Not a live key, but a credential all the same: caught as a random token.
  [
    "STRIPE_TEST",
    join("sk_test_", "4eC39HqLyjWDarjtT1zdp7dc"),
    "a random key or token (a long high-entropy value)",
  ],
];

/** [variable name, value]: values that are not secrets, though some share a shape with one. */
const NOT_SECRETS: readonly (readonly [string, string])[] = [
  ["REQUEST_ID", "3f1c2b9e-8d4a-4f6b-9c2e-1a7d5e8b0c3f"],
  ["GIT_COMMIT", "0123456789abcdef0123456789abcdef01234567"],
  ["IMAGE_DIGEST", "sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"],
  ["DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf"],
  ["DB_PASSWORD", "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db/password"],
  ["TOKEN_URL", "https://auth.example.com/oauth2/token?audience=api-gateway-prod"],
  ["API_URL", "https://user@api.example.com/v1/resources"],
  ["DATABASE_URL", `postgres://app:${variable("DB_PASSWORD")}@db.internal:5432/app`],
  ["DATABASE_URL", "postgres://app:****@db.internal:5432/app"],
  ["SECRET_NAME", "prod/payments/database-credentials"],
  ["PASSWORD_FILE", "/run/secrets/database-password-file"],
  ["CONFIG", Buffer.from('{"logLevel":"debug","region":"eu-west-1","retries":3}').toString("base64")],
  ["JAVA_OPTS", "-Xmx512m -XX:+UseG1GC -Dfile.encoding=UTF-8 -Dspring.profiles.active=prod"],
  ["IMAGE", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.4.2"],
  ["MAIN_CLASS", "com.example.application.payments.MainApplicationClass"],
  ["DB_PASSWORD", "password"],
  ["API_TOKEN", variable("API_TOKEN_FROM_SSM")],
  ["TOKEN_ENABLED", "true-for-all-environments"],
  ["SECRET", "changeme-changeme-changeme"],
  ["PASSWORD_POLICY", "minimum length twelve, one digit"],
  ["PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
  ["HASH", "03ba3fa1cbfb8a96afa40ac026985a29"],
  ["GH_SHORT", "ghp_tooShort"],
  ["AKIA_LIKE", join("XAKIA", "IOSFODNN7EXAMPLE")],
  ["NOT_JWT", "eyJhbGciOiJIUzI1NiJ9"],
  ["COLOR", "black"],
  ["EMPTY", ""],
];

describe("detectSecret", () => {
  it.each(SECRETS)("%s: %j is %s", (name, value, kind) => {
    expect(detectSecret(name, value)).toBe(kind);
  });

  it.each(NOT_SECRETS)("%s: %j is no secret", (name, value) => {
    expect(detectSecret(name, value)).toBeUndefined();
  });

  it("needs a secret-like name for long but not random values", () => {
    expect(detectSecret(undefined, "correct-horse-battery-staple")).toBeUndefined();
    expect(detectSecret("GREETING", "correct-horse-battery-staple")).toBeUndefined();
  });

  it("judges random-looking values without a name", () => {
    expect(detectSecret(undefined, RANDOM_BASE64)).toBe("a random key or token (a long high-entropy value)");
    expect(detectSecret(undefined, RANDOM_BASE64.slice(0, 31))).toBeUndefined();
  });
});

describe("nameSuggestsSecret", () => {
  it.each([
    "DB_PASSWORD",
    "db-passwd",
    "dbPassword",
    "splunk-token",
    "apikey",
    "api_key",
    "api-key",
    "API.KEY",
    "HTTP_Passwd",
    "PRIVATE_KEY",
    "AWS_SECRET_ACCESS_KEY",
    "NEW_RELIC_LICENSE_KEY",
    "GOOGLE_CREDENTIALS",
  ])("%s suggests a secret", (name) => {
    expect(nameSuggestsSecret(name)).toBe(true);
  });

  it.each([
    "DB_SECRET_ARN",
    "TOKEN_URL",
    "SECRET_NAME",
    "PASSWORD_FILE",
    "COLOR",
    "PWD",
    "BYPASS_CACHE",
    "Name",
  ])("%s does not", (name) => {
    expect(nameSuggestsSecret(name)).toBe(false);
  });
});

describe("isLiteralValue", () => {
  it.each(["hunter2", "0123abcd", "x"])("%j is a literal", (value) => {
    expect(isLiteralValue(value)).toBe(true);
  });
  it.each([
    "",
    "  ",
    "true",
    "Off",
    variable("SPLUNK_TOKEN"),
    "arn:aws:ssm:eu-west-1:1:parameter/x",
    "https://x",
    "/path",
  ])("%j is not", (value) => {
    expect(isLiteralValue(value)).toBe(false);
  });
});

describe("shannonEntropy", () => {
  it("is 0 for one repeated character and log2(n) for n distinct ones", () => {
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBe(2);
    expect(shannonEntropy("")).toBe(0);
  });
});
