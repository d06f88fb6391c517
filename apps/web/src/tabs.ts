// The page's three parts, "Learn digits", "Roll downhill" and "The lesson's claims", as tabs; the
// address says which is shown (?tab=downhill; the older #downhill too), so a
// link opens it. The "Copy link" button copies the address of the whole view.
import { openedWith, saveView, share, viewUrl } from './url-state.js';

const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')];

// "Roll downhill" and "The lesson's claims" are loaded when first shown (and mathjs, for typed functions, only when one is typed).
const loaders: Record<string, () => Promise<unknown>> = { downhill: () => import('./downhill-panel.js'), claims: () => import('./claims-panel.js') };

let shown = tabs[0]!;

function show(tab: HTMLButtonElement): void {
  shown = tab;
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
    saveView();
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

const asked = openedWith('tab') ?? location.hash.slice(1);
show(tabs.find((t) => t.dataset.hash === asked) ?? tabs[0]!);
share(['tab'], () => [['tab', shown.dataset.hash!]]);

// Copy the address of this view: every setting, the tab, the race.
const copied = document.getElementById('copied')!;
document.getElementById('copy-link')!.addEventListener('click', async () => {
  const url = viewUrl();
  try {
    await navigator.clipboard.writeText(url);
    copied.textContent = 'Link copied';
  } catch {
    // No clipboard (an insecure page, a refused permission): show the link to copy by hand.
    window.prompt('Copy this link:', url);
    copied.textContent = '';
  }
  copied.dataset.url = url;
  setTimeout(() => {
    if (copied.dataset.url === url) copied.textContent = '';
  }, 4000);
});
