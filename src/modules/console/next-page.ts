/** The same list page with the same filters, one page on; null on the last page. */
export function nextPageHref(
  path: string,
  query: Record<string, unknown>,
  cursor: string | null,
): string | null {
  if (!cursor) return null;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (name !== 'cursor' && typeof value === 'string') params.set(name, value);
  }
  params.set('cursor', cursor);
  return `${path}?${params.toString()}`;
}
