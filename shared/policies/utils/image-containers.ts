import * as z from "zod/mini";
import { isUnresolved } from "../../model/resolvable.ts";
import type { Container, TaskDefinition } from "../../model/types.ts";
import { type Observation, type ParameterSpec, undecided, unknown } from "../define-policy.ts";
import { containerLabel, containerPath, eachContainer } from "./containers.ts";
import { type ImageReference, parseImageReference } from "./image-reference.ts";

export type ImageMessageId = "noContainers" | "imageNotSet" | "notAnImage";

export const imageMessages: Readonly<Record<ImageMessageId, string>> = {
  noContainers: "the task definition has no container definitions",
  imageNotSet: 'container "{{container}}" names no image, so it cannot be judged',
  notAnImage:
    'container "{{container}}": "{{image}}" is not an image reference (a template placeholder?), so it cannot be judged',
};

/** One container's image, parsed, with what evidence needs to name it. */
export interface ContainerImage {
  readonly reference: ImageReference;
  /** The image as written. */
  readonly image: string;
  readonly container: Container;
  readonly index: number;
  /** The container's name, or `#index`. */
  readonly label: string;
}

/**
 * Applies a check to every container's parsed image. An unresolved image is undecided; a missing or
 * empty image, or one that is no image reference (a placeholder left by a template), is unknown: ECS
 * would reject it, so the input is not what will run.
 */
export function eachImage<MessageId extends string>(
  taskDefinition: TaskDefinition,
  check: (image: ContainerImage) => readonly Observation<MessageId>[],
): readonly Observation<MessageId | ImageMessageId>[] {
  return eachContainer<MessageId | ImageMessageId>(
    taskDefinition,
    (container, index) => {
      const { image } = container;
      const label = containerLabel(container, index);
      if (isUnresolved(image)) return [undecided(image)];
      if (image === undefined || image.trim() === "")
        return [unknown("imageNotSet", containerPath(index, "image"), { container: label })];
      const reference = parseImageReference(image);
      if (reference === undefined)
        return [unknown("notAnImage", containerPath(index, "image"), { container: label, image })];
      return check({ reference, image, container, index, label });
    },
    "noContainers",
  );
}

/** A parameter listing registries or repositories, matched with `matchesRepositoryPattern`. */
export function repositoryPatternsParameter(
  description: string,
  defaults: string[] = [],
): ParameterSpec<string[]> {
  return {
    description,
    schema: z.array(z.string().check(z.minLength(1))),
    default: defaults,
  };
}
