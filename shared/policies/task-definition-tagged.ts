import { definePolicy } from "./define-policy.ts";
import { requiredTagKeysParameter, tagMessages, tagObservations } from "./utils/security-hub-tags.ts";

export default definePolicy({
  id: "task-definition-tagged",
  title: "ECS task definitions carry tags (and every required tag key)",
  severity: "LOW",
  resource: "TaskDefinition",
  controls: ["ECS.15"],
  practice: "A14: Tag services, task definitions and clusters with the required keys",
  rationale:
    "Tags tell who owns a task definition and which application and environment it belongs to; IAM policies " +
    "can grant or deny access by tag (ecs:ResourceTag/…). An untagged task definition has no owner to notify " +
    "and escapes tag-based access control.",
  deviations:
    "As in Security Hub, tags whose keys start with aws: are ignored and keys are case-sensitive; ECS " +
    "Guardrails' own exemption tags (ecs-guardrails:…) count as ordinary tags. An input that omits the tags " +
    "(DescribeTaskDefinition without include TAGS) is judged untagged.",
  messages: tagMessages("task definition"),
  remediation: {
    recommendation:
      "Register the task definition with tags (tags in RegisterTaskDefinition, Tags in CloudFormation), or tag " +
      "the revision with ecs:TagResource; include every key listed in requiredTagKeys.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-using-tags.html",
    fixable: false,
  },
  parameters: { requiredTagKeys: requiredTagKeysParameter },
  evaluate: (taskDefinition, { parameters }) =>
    tagObservations(taskDefinition.tags, parameters.requiredTagKeys),
});
