import { definePolicy } from "./define-policy.ts";
import { requiredTagKeysParameter, tagMessages, tagObservations } from "./utils/security-hub-tags.ts";

export default definePolicy({
  id: "service-tagged",
  title: "ECS services carry tags (and every required tag key)",
  severity: "LOW",
  resource: "Service",
  controls: ["ECS.13"],
  practice: "A14: Tag services, task definitions and clusters with the required keys",
  rationale:
    "Tags tell who owns a service, what it costs and which environment it belongs to; IAM policies can grant " +
    "or deny access by tag (ecs:ResourceTag/…). An untagged service has no owner to notify and escapes " +
    "tag-based access control and cost allocation.",
  deviations:
    "As in Security Hub, tags whose keys start with aws: are ignored and keys are case-sensitive; ECS " +
    "Guardrails' own exemption tags (ecs-guardrails:…) count as ordinary tags. An input that omits the tags " +
    "(DescribeServices without include TAGS) is judged untagged.",
  messages: tagMessages("service"),
  remediation: {
    recommendation:
      "Tag the service (ecs:TagResource, or Tags in CloudFormation) with at least one tag, and with every key " +
      "listed in requiredTagKeys; set propagateTags so its tasks inherit them.",
    url: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-using-tags.html",
    fixable: false,
  },
  parameters: { requiredTagKeys: requiredTagKeysParameter },
  evaluate: (service, { parameters }) => tagObservations(service.tags, parameters.requiredTagKeys),
});
