import type { ConversationMessage } from '../../state/conversation-store';
import { clockTime, formatted, h } from './dom';
import { list, obj, str, type Json } from './read-fields';

/** What a rendered message can ask the page to do when the user taps it. */
export interface MessageActions {
  replyButton(message: ConversationMessage, id: string, title: string): void;
  openList(message: ConversationMessage): void;
  quickReply(message: ConversationMessage, payload: string): void;
  react(message: ConversationMessage): void;
  find(wamid: string): ConversationMessage | undefined;
}

const tickText: Record<string, string> = { accepted: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '!' };

/** One chat row: the bubble, any reply buttons under it, and the reactions it received. */
export function renderMessage(message: ConversationMessage, reactions: string[], actions: MessageActions): HTMLElement {
  const content = obj(message.message, message.type) ?? {};
  const bubble = h('div', { class: 'bubble', ondblclick: () => actions.react(message), title: 'Double-click to react 👍' });
  const quoted = str(obj(message.message, 'context'), 'id');
  if (quoted !== undefined) bubble.append(h('div', { class: 'quote' }, summary(actions.find(quoted))));
  const below: HTMLElement[] = [];

  switch (message.type) {
    case 'text':
      bubble.append(formatted(str(content, 'body') ?? ''));
      break;
    case 'image':
    case 'sticker':
    case 'video':
    case 'audio':
    case 'document':
      renderMedia(bubble, message.type, content);
      break;
    case 'location':
      bubble.append(
        h(
          'div',
          { class: 'card', 'data-kind': 'location' },
          h('div', {}, `📍 ${str(content, 'name') ?? 'Location'}`),
          str(content, 'address') ? h('div', { class: 'footer-text' }, str(content, 'address') ?? '') : null,
          h('div', { class: 'footer-text' }, `${str(content, 'latitude') ?? '?'}, ${str(content, 'longitude') ?? '?'}`),
        ),
      );
      break;
    case 'contacts':
      for (const card of list(message.message, 'contacts')) {
        const phones = list(card, 'phones').map((p) => str(p, 'phone')).filter(Boolean).join(', ');
        bubble.append(h('div', { class: 'card', 'data-kind': 'contact' }, `👤 ${str(obj(card, 'name'), 'formatted_name') ?? 'Contact'}`, phones ? h('div', { class: 'footer-text' }, phones) : null));
      }
      break;
    case 'interactive':
      renderInteractive(bubble, below, message, content, actions);
      break;
    case 'button':
      bubble.append(str(content, 'text') ?? str(content, 'payload') ?? '');
      break;
    case 'template':
      renderTemplate(bubble, below, message, content, actions);
      break;
    case 'order':
      bubble.append(h('div', { class: 'card' }, `🛒 Order: ${list(content, 'product_items').length} item(s)`), str(content, 'text') ?? '');
      break;
    default:
      bubble.append(h('em', {}, `Unsupported message (${message.type})`));
  }

  const meta = h('div', { class: 'meta' }, clockTime(message.timestamp));
  meta.append(
    h(
      'span',
      { class: 'tick', 'data-testid': 'status-tick', 'data-status': message.status, title: message.errors?.map((e) => `${e.code} ${e.title}`).join(', ') ?? message.status },
      tickText[message.status] ?? '',
    ),
  );
  bubble.append(meta);

  const row = h('div', { class: `row ${message.direction}`, 'data-testid': 'message', 'data-direction': message.direction, 'data-wamid': message.wamid, 'data-type': message.type }, bubble);
  if (below.length > 0) row.append(h('div', { class: 'buttons' }, ...below));
  if (reactions.length > 0) row.append(h('div', { class: 'reactions', 'data-testid': 'reaction' }, reactions.join(' ')));
  return row;
}

function renderMedia(bubble: HTMLElement, type: string, content: Json): void {
  const id = str(content, 'id');
  const link = str(content, 'link');
  const caption = str(content, 'caption');
  if ((type === 'image' || type === 'sticker') && id !== undefined) {
    bubble.append(h('img', { class: 'media', src: `/_sandbox/media/${encodeURIComponent(id)}`, alt: caption ?? type, 'data-kind': type }));
  } else if (type === 'audio' && id !== undefined) {
    bubble.append(h('div', { class: 'card', 'data-kind': 'audio' }, content.voice === true ? '🎤 Voice message' : '🎵 Audio'), h('audio', { controls: true, src: `/_sandbox/media/${encodeURIComponent(id)}` }));
  } else {
    const icon: Record<string, string> = { image: '🖼️', sticker: '🧩', video: '🎬', audio: '🎵', document: '📄' };
    const label = str(content, 'filename') ?? (link ? link : `${type} ${id ?? ''}`);
    const card = h('div', { class: 'card', 'data-kind': type }, `${icon[type] ?? '📎'} ${label}`);
    if (id !== undefined && type === 'document') card.append(h('div', {}, h('a', { href: `/_sandbox/media/${encodeURIComponent(id)}`, target: '_blank' }, 'Open')));
    bubble.append(card);
  }
  if (caption !== undefined) bubble.append(h('div', {}, formatted(caption)));
}

function renderInteractive(bubble: HTMLElement, below: HTMLElement[], message: ConversationMessage, content: Json, actions: MessageActions): void {
  const kind = str(content, 'type');
  if (kind === 'button_reply' || kind === 'list_reply' || kind === 'nfm_reply') {
    const reply = obj(content, kind) ?? {};
    bubble.append(str(reply, 'title') ?? str(reply, 'id') ?? '');
    return;
  }
  const header = obj(content, 'header');
  if (header !== undefined && str(header, 'type') === 'text') bubble.append(h('div', { class: 'header-text' }, str(header, 'text') ?? ''));
  else if (header !== undefined) bubble.append(h('div', { class: 'card' }, `📎 ${str(header, 'type') ?? 'media'} header`));
  bubble.append(formatted(str(obj(content, 'body'), 'text') ?? ''));
  const footer = str(obj(content, 'footer'), 'text');
  if (footer !== undefined) bubble.append(h('div', { class: 'footer-text' }, footer));
  const action = obj(content, 'action') ?? {};
  if (kind === 'button') {
    for (const button of list(action, 'buttons')) {
      const reply = obj(button, 'reply') ?? {};
      const id = str(reply, 'id') ?? '';
      const title = str(reply, 'title') ?? id;
      below.push(h('button', { type: 'button', 'data-testid': 'reply-button', 'data-button-id': id, onclick: () => actions.replyButton(message, id, title) }, title));
    }
  } else if (kind === 'list') {
    bubble.append(h('button', { type: 'button', class: 'list-open', 'data-testid': 'list-open', onclick: () => actions.openList(message) }, `☰ ${str(action, 'button') ?? 'Options'}`));
  } else if (kind === 'cta_url') {
    const parameters = obj(action, 'parameters') ?? {};
    below.push(h('button', { type: 'button', onclick: () => window.open(str(parameters, 'url') ?? '#', '_blank') }, `🔗 ${str(parameters, 'display_text') ?? 'Open'}`));
  }
}

function renderTemplate(bubble: HTMLElement, below: HTMLElement[], message: ConversationMessage, content: Json, actions: MessageActions): void {
  bubble.append(h('div', { class: 'template-tag' }, `📋 ${str(content, 'name') ?? 'template'} (${str(obj(content, 'language'), 'code') ?? '?'})`));
  for (const component of list(content, 'components')) {
    const type = str(component, 'type')?.toLowerCase();
    const values = list(component, 'parameters').map(parameterText);
    if (type === 'header' || type === 'body') {
      if (values.length > 0) bubble.append(h('div', { class: type === 'header' ? 'header-text' : '' }, values.join(' · ')));
    } else if (type === 'button' && str(component, 'sub_type')?.toLowerCase() === 'quick_reply') {
      for (const parameter of list(component, 'parameters')) {
        const payload = str(parameter, 'payload') ?? str(parameter, 'text') ?? '';
        below.push(h('button', { type: 'button', 'data-testid': 'reply-button', 'data-button-id': payload, onclick: () => actions.quickReply(message, payload) }, payload));
      }
    }
  }
}

function parameterText(parameter: Json): string {
  const type = str(parameter, 'type');
  if (type === 'text') return str(parameter, 'text') ?? '';
  if (type === 'currency') return str(obj(parameter, 'currency'), 'fallback_value') ?? '';
  if (type === 'date_time') return str(obj(parameter, 'date_time'), 'fallback_value') ?? '';
  return `[${type ?? 'parameter'}]`;
}

/** A one-line preview of a message, for quotes. */
export function summary(message: ConversationMessage | undefined): string {
  if (message === undefined) return 'Original message';
  const content = obj(message.message, message.type) ?? {};
  return (
    str(content, 'body') ??
    str(obj(content, 'body'), 'text') ??
    str(obj(content, 'button_reply'), 'title') ??
    str(obj(content, 'list_reply'), 'title') ??
    str(content, 'caption') ??
    str(content, 'name') ??
    message.type
  );
}
