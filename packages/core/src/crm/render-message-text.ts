/**
 * The text a CRM agent sees for one stored WhatsApp message (`{ [type]: Cloud API object }`, the same
 * shape in both directions). Media are described, not uploaded: the CRM shows the kind and caption.
 */
export function renderMessageText(type: string, stored: unknown): string {
  const object = (stored && typeof stored === 'object' ? (stored as Record<string, unknown>)[type] : undefined) as Record<string, unknown> | undefined;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  const field = (o: unknown, key: string): unknown => (o && typeof o === 'object' ? (o as Record<string, unknown>)[key] : undefined);
  switch (type) {
    case 'text':
      return str(field(object, 'body')) ?? '';
    case 'image':
    case 'video':
    case 'document':
    case 'audio':
    case 'sticker': {
      const caption = str(field(object, 'caption')) ?? str(field(object, 'filename'));
      return caption ? `[${type}] ${caption}` : `[${type}]`;
    }
    case 'location': {
      const name = str(field(object, 'name')) ?? str(field(object, 'address'));
      return `[location] ${name ? `${name} ` : ''}(${String(field(object, 'latitude'))}, ${String(field(object, 'longitude'))})`;
    }
    case 'reaction':
      return str(field(object, 'emoji')) ? `[reaction] ${String(field(object, 'emoji'))}` : '[reaction removed]';
    case 'button':
      return str(field(object, 'text')) ?? '[button]';
    case 'template':
      return `[template] ${str(field(object, 'name')) ?? ''}`.trim();
    case 'interactive': {
      const reply = field(object, 'button_reply') ?? field(object, 'list_reply') ?? field(object, 'nfm_reply');
      const replyTitle = str(field(reply, 'title'));
      if (replyTitle) return replyTitle;
      const body = str(field(field(object, 'body'), 'text'));
      const action = field(object, 'action');
      const buttons = field(action, 'buttons');
      const titles = Array.isArray(buttons) ? buttons.map((b) => str(field(field(b, 'reply'), 'title'))).filter(Boolean) : [];
      const list = str(field(action, 'button'));
      const options = titles.length ? ` [${titles.join(' | ')}]` : list ? ` [${list}]` : '';
      return `${body ?? '[interactive]'}${options}`;
    }
    default:
      return `[${type}]`;
  }
}
