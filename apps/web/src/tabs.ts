// The page's two parts, "Learn digits" and "Roll downhill", as tabs; the
// address remembers the one shown (#downhill, each tab's data-hash), so a link
// opens it. (No element has that id, so the browser does not scroll to it.)
const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')];

// "Roll downhill" brings mathjs, most of the page's code: it loads when first shown.
const loaders: Record<string, () => Promise<unknown>> = { downhill: () => import('./downhill-panel.js') };

function show(tab: HTMLButtonElement): void {
  for (const t of tabs) {
    const selected = t === tab;
    t.setAttribute('aria-selected', String(selected));
    t.tabIndex = selected ? 0 : -1;
    document.getElementById(t.getAttribute('aria-controls')!)!.hidden = !selected;
  }
  document.title = tab.dataset.title ?? document.title;
  void loaders[tab.dataset.hash ?? '']?.();
}

for (const tab of tabs) {
  tab.addEventListener('click', () => {
    show(tab);
    history.replaceState(null, '', `#${tab.dataset.hash}`);
  });
}

// Arrow keys move between tabs, as in every tab list.
document.querySelector('[role="tablist"]')?.addEventListener('keydown', (event) => {
  const key = (event as KeyboardEvent).key;
  if (key !== 'ArrowLeft' && key !== 'ArrowRight') return;
  const now = tabs.findIndex((t) => t.getAttribute('aria-selected') === 'true');
  const next = tabs[(now + (key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
  next.click();
  next.focus();
});

show(tabs.find((t) => `#${t.dataset.hash}` === location.hash) ?? tabs[0]!);
