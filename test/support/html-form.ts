/** The text of an HTML attribute or element as Handlebars escaped it. */
export function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x60;/g, '`')
    .replace(/&#x3D;/g, '=')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [, name, value] of tag.matchAll(/([A-Za-z][\w-]*)(?:="([^"]*)")?/g)) {
    found[name] = unescapeHtml(value ?? '');
  }
  return found;
}

/**
 * What a browser would post from the form `id` of a page (without the button pressed): hidden and
 * text inputs, checked boxes, textareas and each select's chosen option, in document order.
 */
export function formFields(html: string, id: string): [string, string][] {
  const start = html.indexOf(`<form id="${id}"`);
  if (start < 0) throw new Error(`no form #${id} on the page`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: [number, string, string][] = [];
  for (const match of form.matchAll(/<input\b([^>]*)>/g)) {
    const a = attributes(match[1]);
    if (!a.name || (a.type === 'checkbox' && !('checked' in a))) continue;
    fields.push([match.index, a.name, a.value ?? 'on']);
  }
  for (const match of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    fields.push([match.index, attributes(match[1]).name, unescapeHtml(match[2])]);
  }
  for (const match of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const options = [...match[2].matchAll(/<option\b([^>]*)>/g)].map((o) => attributes(o[1]));
    const chosen = options.find((option) => 'selected' in option) ?? options[0];
    fields.push([match.index, attributes(match[1]).name, chosen?.value ?? '']);
  }
  return fields.sort(([a], [b]) => a - b).map(([, name, value]) => [name, value]);
}

/** The fields as a map (the last of a repeated name wins). */
export function formValues(html: string, id: string): Record<string, string> {
  return Object.fromEntries(formFields(html, id));
}
