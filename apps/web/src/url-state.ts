// The view in the address: every setting of both tabs, the tab shown, the
// surface, start, steps, racers and their η, as query parameters, so a link
// (or a reload) opens exactly this view. Each part of the page says what it
// holds (`share`); the address is written again whenever one of them changes.
// Values are kept as typed: a link with a mistake in it opens with the same
// mistake, named beside its field.

/** The address's parameters when the page was opened. */
export const opened: URLSearchParams = new URLSearchParams(location.search);

type Part = { readonly keys: readonly string[]; readonly values: () => Iterable<readonly [string, string]> };
const parts: Part[] = [];

/**
 * A part of the page whose state goes into the address under `keys`; it is
 * written now and whenever `saveView` is called. Until a part is loaded (the
 * Roll downhill tab, say), its parameters are kept as the page was opened with them.
 */
export function share(keys: readonly string[], values: Part['values']): void {
  parts.push({ keys, values });
  saveView();
}

/** The address for the view as it is now. */
export function viewUrl(): string {
  const params = new URLSearchParams(opened);
  for (const part of parts) for (const key of part.keys) params.delete(key);
  for (const part of parts) for (const [key, value] of part.values()) params.set(key, value);
  const url = new URL(location.href);
  url.search = params.toString();
  url.hash = '';
  return url.href;
}

/** Write the view into the address (without adding a step to the back button's history). */
export function saveView(): void {
  const url = viewUrl();
  if (url !== location.href) history.replaceState(null, '', url);
}

/** A parameter of the address the page was opened with, if there was one. */
export function openedWith(key: string): string | undefined {
  return opened.get(key) ?? undefined;
}
