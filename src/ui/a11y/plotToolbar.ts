// Plotly's toolbar (the modebar) puts every button in the Tab order: eight stops per plot, most of the page's.
// Here each toolbar becomes one ARIA toolbar with one Tab stop (roving tabindex): Tab reaches its current
// button, the arrow keys, Home and End move along it. Called after every draw, since plotly may rebuild it.
const BUTTONS = '.modebar-btn';

function buttonsOf(toolbar: Element): HTMLElement[] {
  return Array.from(toolbar.querySelectorAll<HTMLElement>(BUTTONS));
}

function onKeyDown(this: HTMLElement, e: KeyboardEvent): void {
  const buttons = buttonsOf(this);
  const index = buttons.indexOf(document.activeElement as HTMLElement);
  if (index < 0 || e.altKey || e.ctrlKey || e.metaKey) return;
  const moves: Record<string, number> = {
    ArrowRight: (index + 1) % buttons.length,
    ArrowDown: (index + 1) % buttons.length,
    ArrowLeft: (index - 1 + buttons.length) % buttons.length,
    ArrowUp: (index - 1 + buttons.length) % buttons.length,
    Home: 0,
    End: buttons.length - 1,
  };
  const next = moves[e.key];
  if (next === undefined) return;
  e.preventDefault();
  e.stopPropagation();
  buttons.forEach((b, i) => b.setAttribute('tabindex', i === next ? '0' : '-1'));
  buttons[next].focus();
}

/** Makes the plot's toolbar one Tab stop, named after the plot. */
export function rovingToolbar(root: HTMLElement, title: string): void {
  const toolbar = root.querySelector<HTMLElement>('.modebar');
  if (!toolbar) return;
  // Plotly gives it role=toolbar but no name and no keys; the mark keeps one listener per toolbar element.
  if (!toolbar.dataset.roving) {
    toolbar.dataset.roving = 'true';
    toolbar.setAttribute('role', 'toolbar');
    toolbar.addEventListener('keydown', onKeyDown);
  }
  toolbar.setAttribute('aria-label', `plot tools: ${title}`);
  const buttons = buttonsOf(toolbar);
  const current = Math.max(0, buttons.findIndex((b) => b.getAttribute('tabindex') === '0'));
  buttons.forEach((b, i) => {
    const want = i === current ? '0' : '-1';
    if (b.getAttribute('tabindex') !== want) b.setAttribute('tabindex', want);
  });
}
