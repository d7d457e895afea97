// `log(...)` in action bodies: a console line tagged as coming from Locus.
export function log(...values: unknown[]): void {
  console.log('[locus]', ...values);
}
