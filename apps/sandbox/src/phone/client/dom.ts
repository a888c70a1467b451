type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** Creates an element: attributes (`on*` functions become listeners) and children (strings become text). */
export function h(tag: string, attrs: Attrs = {}, ...children: (Node | string | null | undefined | false)[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(key.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(key, '');
    else element.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/**
 * WhatsApp's inline formatting (*bold*, _italic_, ~strike~, ```mono```) as DOM nodes, built from
 * text nodes only so message content can never inject markup.
 */
export function formatted(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const pattern = /```([\s\S]+?)```|\*([^*\n]+)\*|_([^_\n]+)_|~([^~\n]+)~/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) fragment.append(text.slice(last, index));
    const [, mono, bold, italic, strike] = match;
    const tag = mono !== undefined ? 'code' : bold !== undefined ? 'strong' : italic !== undefined ? 'em' : 's';
    fragment.append(h(tag, {}, mono ?? bold ?? italic ?? strike ?? ''));
    last = index + match[0].length;
  }
  if (last < text.length) fragment.append(text.slice(last));
  return fragment;
}

/** `HH:MM` in local time. */
export function clockTime(ms: number): string {
  const date = new Date(ms);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}
