/** A one-line, human reading of a stored Cloud API message object (`{ "<type>": { … } }`) for the inbox. */
export function messagePreview(type: string, content: Record<string, unknown> | null): string {
  const body = content?.[type] as Record<string, unknown> | undefined;
  if (!body) return `[${type}]`;
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const nested = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined);
  switch (type) {
    case 'text':
      return text(body['body']) ?? '';
    case 'interactive': {
      const reply = nested(body, 'button_reply') ?? nested(body, 'list_reply');
      if (reply) return text(nested(reply, 'title')) ?? '[reply]';
      const question = text(nested(nested(body, 'body'), 'text')) ?? '';
      const buttons = nested(nested(body, 'action'), 'buttons');
      const titles = Array.isArray(buttons) ? buttons.map((b) => text(nested(nested(b, 'reply'), 'title'))).filter(Boolean) : [];
      return titles.length ? `${question} [${titles.join('] [')}]` : question;
    }
    case 'button':
      return text(body['text']) ?? '[button]';
    case 'template': {
      // The values the agent or API filled in; the template's own text lives at Meta.
      const components = Array.isArray(body['components']) ? (body['components'] as unknown[]) : [];
      const values = components
        .flatMap((c) => (Array.isArray(nested(c, 'parameters')) ? (nested(c, 'parameters') as unknown[]) : []))
        .map((p) => text(nested(p, 'text')))
        .filter(Boolean);
      const name = `Template ${text(body['name']) ?? ''}`.trim();
      return values.length ? `${name}: ${values.join(' · ')}` : name;
    }
    case 'location':
      return `📍 ${text(body['name']) ?? `${String(body['latitude'])}, ${String(body['longitude'])}`}`;
    default: {
      const caption = text(body['caption']);
      return caption ? `[${type}] ${caption}` : `[${type}]`;
    }
  }
}
