/** Summaries of repeated measurements, and the formats the benchmark tables print them in. */

/** The value below which `fraction` of the samples fall (nearest rank); NaN for no samples. */
export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((left, right) => left - right);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] as number;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 0.5);
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2, minimumFractionDigits: 2 });

export function formatCount(value: number): string {
  return integer.format(value);
}

const significant = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 2 });

/** Two decimals, or two significant digits below 0.1, where two decimals would round a real ratio to 0.00×. */
export function formatRatio(value: number): string {
  return `${Math.abs(value) < 0.1 && value !== 0 ? significant.format(value) : decimal.format(value)}×`;
}

export function formatRate(perSecond: number, unit: string): string {
  return `${integer.format(perSecond)} ${unit}/s`;
}

export function formatMilliseconds(milliseconds: number): string {
  return milliseconds >= 100 ? `${integer.format(milliseconds)} ms` : `${decimal.format(milliseconds)} ms`;
}

export function formatMicroseconds(microseconds: number): string {
  return `${decimal.format(microseconds)} µs`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${decimal.format(bytes / (1024 * 1024))} MiB`;
  if (bytes >= 1024) return `${decimal.format(bytes / 1024)} KiB`;
  return `${integer.format(bytes)} B`;
}
