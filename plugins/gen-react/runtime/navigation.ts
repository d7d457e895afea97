// Navigation for action bodies: `redirect("/login")`, `navigate("/x")`,
// and `routeId`, the id of the record the current route shows (the last
// path segment, or the `id` query parameter), null outside a browser.

function currentRouteId(): string | null {
  if (typeof window === 'undefined') return null;
  const url = new URL(window.location.href);
  const fromQuery = url.searchParams.get('id');
  if (fromQuery !== null) return fromQuery;
  const segments = url.pathname.split('/').filter((segment) => segment.length > 0);
  return segments.length ? decodeURIComponent(segments[segments.length - 1]) : null;
}

export const routeId: string | null = currentRouteId();

/** Leave the page for another location (replaces the history entry). */
export function redirect(path: string): void {
  if (typeof window !== 'undefined') window.location.replace(path);
}

/** Go to another location (a new history entry). */
export function navigate(path: string): void {
  if (typeof window !== 'undefined') window.location.assign(path);
}
