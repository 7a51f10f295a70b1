/** The containerInsights values that turn Container Insights on (`enhanced`: with enhanced observability). */
export const CONTAINER_INSIGHTS_ON: readonly string[] = ["enabled", "enhanced"];
