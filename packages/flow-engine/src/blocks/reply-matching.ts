import type { MessageContent } from '../runtime/flow-event';

/** Which option a reply picks: a tapped id, or typed text equal to an option's title or id (ignoring case). */
export function pickOption(content: MessageContent, options: { id: string; title: string }[]): string | undefined {
  if (content.type === 'button_reply' || content.type === 'list_reply') {
    const byId = options.find((o) => o.id === content.id);
    if (byId) return byId.id;
  }
  const typed = content.type === 'text' ? content.body : content.type === 'button_reply' || content.type === 'list_reply' ? content.title : undefined;
  if (typed === undefined) return undefined;
  const said = typed.trim().toLowerCase();
  return options.find((o) => o.title.trim().toLowerCase() === said || o.id.toLowerCase() === said)?.id;
}
