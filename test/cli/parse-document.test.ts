import { describe, expect, it } from "vitest";
import { parseDocument } from "../../cli/parse-document.ts";

const byteOrderMark = "\uFEFF";

/** The value of `Value:` in a one-line YAML document. */
function yamlValue(source: string): unknown {
  const { value } = parseDocument(`Value: ${source}\n`);
  return (value as { Value: unknown }).Value;
}

function parseError(text: string): string {
  try {
    parseDocument(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`);
}

describe("parseDocument: JSON", () => {
  it.each([
    ["an object", '{"family": "web", "cpu": "256"}', { family: "web", cpu: "256" }],
    ["a list", "[1, true, null]", [1, true, null]],
    ["a scalar", '"text"', "text"],
    ["a byte-order mark", `${byteOrderMark}{"a": 1}`, { a: 1 }],
  ])("parses %s", (_name, text, expected) => {
    expect(parseDocument(text).value).toEqual(expected);
  });

  it("reads JSON with JSON.parse first: a duplicate key keeps the last value, where YAML would refuse it", () => {
    expect(parseDocument('{"a": 1, "a": 2}').value).toEqual({ a: 2 });
  });

  it("keeps JSON numbers and strings as JSON typed them", () => {
    expect(parseDocument('{"user": "0:0", "port": 80, "version": "2010-09-09"}').value).toEqual({
      user: "0:0",
      port: 80,
      version: "2010-09-09",
    });
  });
});

describe("parseDocument: YAML", () => {
  it("parses a mapping with a byte-order mark", () => {
    expect(parseDocument(`${byteOrderMark}Resources:\n  A:\n    Type: X\n`).value).toEqual({
      Resources: { A: { Type: "X" } },
    });
  });

  it.each([
    ["User: 0:0", { User: "0:0" }],
    ["AWSTemplateFormatVersion: 2010-09-09", { AWSTemplateFormatVersion: "2010-09-09" }],
    ["Enabled: on", { Enabled: "on" }],
    ["Answer: yes", { Answer: "yes" }],
    ["Privileged: true", { Privileged: true }],
    ["Cpu: 256", { Cpu: 256 }],
    ["Mode: 0o14", { Mode: 12 }],
    ["Empty:", { Empty: null }],
  ])("reads %j with the YAML 1.2 core schema", (text, expected) => {
    expect(parseDocument(text).value).toEqual(expected);
  });

  it("accepts one document that starts with ---", () => {
    expect(parseDocument("---\na: 1\n").value).toEqual({ a: 1 });
  });

  it.each([
    ["empty text", ""],
    ["only a comment", "# nothing here\n"],
  ])("reads %s as null", (_name, text) => {
    expect(parseDocument(text).value).toBeNull();
    expect(parseDocument(text).positionOf("")).toBeUndefined();
  });
});

describe("parseDocument: CloudFormation short forms", () => {
  it.each([
    ["!Ref Bucket", { Ref: "Bucket" }],
    ["!Ref AWS::NoValue", { Ref: "AWS::NoValue" }],
    ['!Ref "AWS::Region"', { Ref: "AWS::Region" }],
    ["!Condition IsProd", { Condition: "IsProd" }],
    ["!GetAtt Role.Arn", { "Fn::GetAtt": ["Role", "Arn"] }],
    ["!GetAtt Database.Endpoint.Address", { "Fn::GetAtt": ["Database", "Endpoint.Address"] }],
    ["!GetAtt [Role, Arn]", { "Fn::GetAtt": ["Role", "Arn"] }],
    [`!Sub arn:aws:iam::\${AWS::AccountId}:root`, { "Fn::Sub": `arn:aws:iam::\${AWS::AccountId}:root` }],
    [`!Sub ["\${A}-x", {A: !Ref B}]`, { "Fn::Sub": [`\${A}-x`, { A: { Ref: "B" } }] }],
    ["!If [IsProd, a, !Ref AWS::NoValue]", { "Fn::If": ["IsProd", "a", { Ref: "AWS::NoValue" }] }],
    ["!Equals [!Ref Env, prod]", { "Fn::Equals": [{ Ref: "Env" }, "prod"] }],
    ['!Join [":", [a, b]]', { "Fn::Join": [":", ["a", "b"]] }],
    ["!Select [0, !GetAZs '']", { "Fn::Select": [0, { "Fn::GetAZs": "" }] }],
    ['!Split [",", "a,b"]', { "Fn::Split": [",", "a,b"] }],
    ["!FindInMap [Map, Key, Value]", { "Fn::FindInMap": ["Map", "Key", "Value"] }],
    ["!Base64 text", { "Fn::Base64": "text" }],
    ['!Cidr ["10.0.0.0/16", 6, 5]', { "Fn::Cidr": ["10.0.0.0/16", 6, 5] }],
    ["!ImportValue Shared-VpcId", { "Fn::ImportValue": "Shared-VpcId" }],
    [`!ImportValue {Fn::Sub: '\${Stack}-VpcId'}`, { "Fn::ImportValue": { "Fn::Sub": `\${Stack}-VpcId` } }],
    ["!GetAZs eu-west-1", { "Fn::GetAZs": "eu-west-1" }],
    ["!Not [!Condition IsProd]", { "Fn::Not": [{ Condition: "IsProd" }] }],
    ["!And [!Condition A, !Condition B]", { "Fn::And": [{ Condition: "A" }, { Condition: "B" }] }],
    ["!Or [!Condition A, !Condition B]", { "Fn::Or": [{ Condition: "A" }, { Condition: "B" }] }],
    [
      "!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}",
      { "Fn::Transform": { Name: "AWS::Include", Parameters: { Location: "s3://b/k" } } },
    ],
    ["!ToJsonString {a: 1}", { "Fn::ToJsonString": { a: 1 } }],
    ["!Length [1, 2]", { "Fn::Length": [1, 2] }],
  ])("%s", (source, expected) => {
    expect(yamlValue(source)).toEqual(expected);
  });

  it("reads block-style tagged collections", () => {
    const text = [
      "TaskRoleArn: !If",
      "  - HasRole",
      "  - !Ref Role",
      "  - !Ref AWS::NoValue",
      "ExecutionRoleArn: !ImportValue",
      "  Fn::Join:",
      "    - ':'",
      "    - - !Ref StackName",
      "      - Role",
    ].join("\n");
    expect(parseDocument(text).value).toEqual({
      TaskRoleArn: { "Fn::If": ["HasRole", { Ref: "Role" }, { Ref: "AWS::NoValue" }] },
      ExecutionRoleArn: { "Fn::ImportValue": { "Fn::Join": [":", [{ Ref: "StackName" }, "Role"]] } },
    });
  });
});

describe("positionOf", () => {
  const json = [
    "{", //
    '  "Resources": {',
    '    "Worker": {',
    '      "Type": "AWS::ECS::TaskDefinition",',
    '      "Properties": {"ContainerDefinitions": [{"Name": "app"}, {"a/b": true}]}',
    "    }",
    "  }",
    "}",
  ].join("\n");

  const yaml = [
    "Resources:",
    "  Worker:",
    "    Type: AWS::ECS::TaskDefinition",
    "    Properties:",
    "      TaskRoleArn: !If",
    "        - HasRole",
    "        - !Ref Role",
    "      ContainerDefinitions:",
    "        - Name: app",
    "          Image: !Ref Image",
    "        - a/b: true",
    "      RequiresCompatibilities:",
    "        - !If",
    "          - IsProd",
    "          - FARGATE",
    "        - !Ref   Extra",
  ].join("\n");

  it.each([
    ["the root", "", 1, 1],
    ["a member, at its key", "/Resources/Worker/Type", 4, 7],
    ["a list element", "/Resources/Worker/Properties/ContainerDefinitions/1", 5, 64],
    ["a member of a list element", "/Resources/Worker/Properties/ContainerDefinitions/0/Name", 5, 48],
    ["an escaped key", "/Resources/Worker/Properties/ContainerDefinitions/1/a~1b", 5, 65],
    [
      "an absent field: its nearest ancestor",
      "/Resources/Worker/Properties/ContainerDefinitions/0/User",
      5,
      47,
    ],
    ["an absent element: its list", "/Resources/Worker/Properties/ContainerDefinitions/7/User", 5, 22],
    ["an absent top-level key: the root", "/Parameters", 1, 1],
  ])("JSON: %s", (_name, jsonPointer, line, column) => {
    expect(parseDocument(json).positionOf(jsonPointer)).toEqual({ line, column });
  });

  it.each([
    ["the root", "", 1, 1],
    ["a member, at its key", "/Resources/Worker/Type", 3, 5],
    ["a member holding a block mapping, at its key", "/Resources/Worker/Properties", 4, 5],
    ["a list element", "/Resources/Worker/Properties/ContainerDefinitions/1", 11, 11],
    ["a member of a list element", "/Resources/Worker/Properties/ContainerDefinitions/0/Image", 10, 11],
    ["an escaped key", "/Resources/Worker/Properties/ContainerDefinitions/1/a~1b", 11, 11],
    ["a short-form intrinsic member", "/Resources/Worker/Properties/TaskRoleArn", 5, 7],
    [
      "an argument of a block short form, at its tag",
      "/Resources/Worker/Properties/TaskRoleArn/Fn::If/1",
      7,
      11,
    ],
    [
      "a list element that is a block short form, at its tag",
      "/Resources/Worker/Properties/RequiresCompatibilities/0",
      13,
      11,
    ],
    [
      "a scalar short form list element, at its tag",
      "/Resources/Worker/Properties/RequiresCompatibilities/1",
      16,
      11,
    ],
    [
      "an absent field: its nearest ancestor",
      "/Resources/Worker/Properties/ContainerDefinitions/0/User",
      9,
      11,
    ],
    [
      "inside a scalar short form: the member",
      "/Resources/Worker/Properties/ContainerDefinitions/0/Image/Ref",
      10,
      11,
    ],
    ["an absent top-level key: the root", "/Outputs/Name", 1, 1],
  ])("YAML: %s", (_name, jsonPointer, line, column) => {
    expect(parseDocument(yaml).positionOf(jsonPointer)).toEqual({ line, column });
  });

  it.each([
    ["JSON", `${byteOrderMark}{"a": 1}`, "/a", 1, 2],
    ["YAML", `${byteOrderMark}a: 1`, "/a", 1, 1],
  ])("does not count the byte-order mark as a column (%s)", (_name, text, jsonPointer, line, column) => {
    expect(parseDocument(text).positionOf(jsonPointer)).toEqual({ line, column });
  });

  it("counts lines of CRLF text", () => {
    expect(parseDocument('{\r\n  "a": {\r\n    "b": 1\r\n  }\r\n}').positionOf("/a/b")).toEqual({
      line: 3,
      column: 5,
    });
    expect(parseDocument("a:\r\n  b: 1\r\n").positionOf("/a/b")).toEqual({ line: 2, column: 3 });
  });

  it.each([
    ["JSON", json],
    ["YAML", yaml],
  ])("rejects a pointer without a leading slash (%s)", (_name, text) => {
    expect(parseDocument(text).positionOf("Resources")).toBeUndefined();
  });
});

describe("parseDocument: errors", () => {
  it.each([
    [
      "a missing comma in JSON",
      '{\n  "a": 1\n  "b": 2\n}',
      'Invalid JSON at line 3, column 3: expected "," or "}"',
    ],
    ["an unclosed JSON list", '{"a": [1, 2}', 'Invalid JSON at line 1, column 12: expected "," or "]"'],
    ["a missing JSON value", '{"a": }}', "Invalid JSON at line 1, column 7: expected a value"],
    [
      "content after a JSON document",
      '{"a": 1}}',
      "Invalid JSON at line 1, column 9: unexpected content after the document",
    ],
    ["an unterminated JSON string", '["a', "Invalid JSON at line 1, column 2: invalid string"],
    ["an unclosed YAML flow sequence", "a: [1, 2\nb: c\n", "Invalid YAML at line 2, column 1: "],
    [
      "a duplicate YAML key",
      "a: 1\nb: 2\na: 3\n",
      "Invalid YAML at line 3, column 1: Map keys must be unique",
    ],
    [
      "tab indentation",
      "a:\n\tb: 1\n",
      "Invalid YAML at line 2, column 1: Tabs are not allowed as indentation",
    ],
    [
      "a YAML stream of two documents",
      "a: 1\n---\nb: 2\n",
      "Expected one YAML document, found 2 (the second starts at line 2)",
    ],
  ])("%s", (_name, text, message) => {
    expect(parseError(text)).toContain(message);
  });

  it("reads JSON that JSON.parse rejects as YAML when YAML accepts it", () => {
    expect(parseDocument('{"a": [1, 2,],}').value).toEqual({ a: [1, 2] });
  });
});
