import type { ConversationMessage, SandboxEvent } from '../../state/conversation-store';
import { api } from './api';
import { h } from './dom';
import { openListSheet } from './list-sheet';
import { obj, str } from './read-fields';
import { renderMessage, type MessageActions } from './render-message';

interface User {
  wa_id: string;
  name: string;
  auto_read: boolean;
}
interface BusinessNumber {
  phone_number_id: string;
  display_phone_number: string;
  has_webhook: boolean;
}
interface InboundResponse {
  wamid: string;
  delivery: { status_code: number | null; ok: boolean; error?: string };
}

const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const userSelect = el<HTMLSelectElement>('user-select');
const numberSelect = el<HTMLSelectElement>('number-select');
const chat = el<HTMLElement>('chat');
const input = el<HTMLInputElement>('composer-input');
const sheet = el<HTMLElement>('sheet');
const attachMenu = el<HTMLElement>('attach-menu');

let users: User[] = [];
let numbers: BusinessNumber[] = [];
let messages: ConversationMessage[] = [];
let events: EventSource | null = null;
let typingUntil = 0;
const markedRead = new Set<string>();

const currentUser = () => users.find((u) => u.wa_id === userSelect.value);
const currentNumber = () => numbers.find((n) => n.phone_number_id === numberSelect.value);

function toast(text: string): void {
  const box = el<HTMLElement>('toast');
  box.textContent = text;
  box.classList.add('show');
  window.setTimeout(() => box.classList.remove('show'), 4000);
}

async function send(body: Record<string, unknown>): Promise<void> {
  const number = currentNumber();
  const user = currentUser();
  if (number === undefined || user === undefined) return toast('Pick a user and a business number first.');
  try {
    const result = await api<InboundResponse>('POST', `/_sandbox/numbers/${number.phone_number_id}/inbound`, { from: user.wa_id, ...body });
    if (!result.delivery.ok) toast(`Webhook not delivered: ${result.delivery.error ?? `HTTP ${result.delivery.status_code}`}`);
  } catch (error) {
    toast(error instanceof Error ? error.message : String(error));
  }
}

const actions: MessageActions = {
  replyButton: (message, id, title) =>
    void send({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title } }, context: { id: message.wamid } }),
  openList: (message) =>
    openListSheet(sheet, message, (row) => void send({ type: 'interactive', interactive: { type: 'list_reply', list_reply: row }, context: { id: message.wamid } })),
  quickReply: (message, payload) => void send({ type: 'button', button: { payload, text: payload }, context: { id: message.wamid } }),
  react: (message) => {
    const mine = latestReaction(message.wamid, 'in');
    void send({ type: 'reaction', reaction: { message_id: message.wamid, emoji: mine === '👍' ? '' : '👍' } });
  },
  find: (wamid) => messages.find((m) => m.wamid === wamid),
};

/** The current reaction of one side to a message ('' or undefined = none). */
function latestReaction(wamid: string, direction: 'in' | 'out'): string | undefined {
  let emoji: string | undefined;
  for (const m of messages) {
    if (m.type === 'reaction' && m.direction === direction && str(obj(m.message, 'reaction'), 'message_id') === wamid) {
      emoji = str(obj(m.message, 'reaction'), 'emoji');
    }
  }
  return emoji;
}

function render(): void {
  const atBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 40;
  const rows: HTMLElement[] = [];
  for (const message of messages) {
    if (message.type === 'reaction') continue;
    const reactions = [latestReaction(message.wamid, 'in'), latestReaction(message.wamid, 'out')].filter((e): e is string => !!e);
    rows.push(renderMessage(message, reactions, actions));
  }
  if (rows.length === 0) rows.push(h('div', { class: 'day' }, 'No messages yet — say hi!'));
  chat.replaceChildren(...rows);
  if (atBottom || rows.length < 3) chat.scrollTop = chat.scrollHeight;
  renderHeader();
  markVisibleRead();
}

function renderHeader(): void {
  const number = currentNumber();
  el('chat-title').textContent = number ? `Business +${number.display_phone_number}` : 'No business number';
  const sub = Date.now() < typingUntil ? 'typing…' : number && !number.has_webhook ? 'no webhook registered' : 'online';
  el('chat-sub').textContent = sub;
}

/** A user who does not auto-read reads what the page shows while it is visible. */
function markVisibleRead(): void {
  const user = currentUser();
  const number = currentNumber();
  if (user === undefined || number === undefined || user.auto_read || document.visibilityState !== 'visible') return;
  const unread = messages.filter((m) => m.direction === 'out' && (m.status === 'sent' || m.status === 'delivered' || m.status === 'accepted') && !markedRead.has(m.wamid));
  if (unread.length === 0) return;
  for (const m of unread) markedRead.add(m.wamid);
  void api('POST', `/_sandbox/numbers/${number.phone_number_id}/conversations/${user.wa_id}/read`, { wamids: unread.map((m) => m.wamid) }).catch(() => undefined);
}

function onEvent(event: SandboxEvent): void {
  if (event.kind === 'message') {
    if (!messages.some((m) => m.wamid === event.message.wamid)) messages.push(event.message);
  } else if (event.kind === 'status') {
    const message = messages.find((m) => m.wamid === event.wamid);
    if (message !== undefined) message.status = event.status;
  } else if (event.kind === 'typing') {
    typingUntil = event.until;
    if (event.until > Date.now()) window.setTimeout(renderHeader, event.until - Date.now() + 50);
  }
  render();
}

async function openConversation(): Promise<void> {
  events?.close();
  messages = [];
  const number = currentNumber();
  const user = currentUser();
  const params = new URLSearchParams();
  if (user) params.set('user', user.wa_id);
  if (number) params.set('number', number.phone_number_id);
  history.replaceState(null, '', `?${params.toString()}`);
  if (number === undefined || user === undefined) {
    el('hint').textContent = number === undefined ? 'No business number registered yet: PUT /_sandbox/numbers/{phone_number_id}' : '';
    return render();
  }
  el('hint').textContent = '';
  localStorage.setItem('sandbox-phone', JSON.stringify({ user: user.wa_id, number: number.phone_number_id }));
  const query = `phone_number_id=${encodeURIComponent(number.phone_number_id)}&wa_id=${encodeURIComponent(user.wa_id)}`;
  // Subscribe before loading so nothing falls between the snapshot and the stream.
  events = new EventSource(`/_sandbox/events?${query}`);
  for (const kind of ['message', 'status', 'typing']) {
    events.addEventListener(kind, (e) => onEvent(JSON.parse((e as MessageEvent<string>).data) as SandboxEvent));
  }
  const conversation = await api<{ messages: ConversationMessage[] }>('GET', `/_sandbox/numbers/${number.phone_number_id}/conversations/${user.wa_id}`);
  const known = new Set(messages.map((m) => m.wamid));
  messages = [...conversation.messages.filter((m) => !known.has(m.wamid)), ...messages];
  render();
}

function fill(select: HTMLSelectElement, options: { value: string; label: string }[], preferred: string | null): void {
  select.replaceChildren(...options.map((o) => h('option', { value: o.value }, o.label)));
  if (preferred !== null && options.some((o) => o.value === preferred)) select.value = preferred;
}

async function loadLists(): Promise<void> {
  const saved = JSON.parse(localStorage.getItem('sandbox-phone') ?? '{}') as { user?: string; number?: string };
  const query = new URLSearchParams(location.search);
  users = (await api<{ data: User[] }>('GET', '/_sandbox/users')).data;
  numbers = (await api<{ data: BusinessNumber[] }>('GET', '/_sandbox/numbers')).data;
  fill(userSelect, users.map((u) => ({ value: u.wa_id, label: `${u.name} (+${u.wa_id})` })), query.get('user') ?? saved.user ?? null);
  fill(numberSelect, numbers.map((n) => ({ value: n.phone_number_id, label: `+${n.display_phone_number} (${n.phone_number_id})` })), query.get('number') ?? saved.number ?? null);
}

async function attach(kind: string): Promise<void> {
  attachMenu.hidden = true;
  if (kind === 'location') return send({ type: 'location', location: { latitude: 37.4847, longitude: -122.1477, name: 'Meta HQ', address: '1 Hacker Way, Menlo Park, CA' } });
  if (kind === 'contacts') return send({ type: 'contacts', contacts: [{ name: { formatted_name: 'Dana Sample', first_name: 'Dana' }, phones: [{ phone: '+1 555 123 0099', wa_id: '15551230099', type: 'CELL' }] }] });
  if (kind === 'audio') return send({ type: 'audio', audio: { voice: true } });
  const picker = h('input', { type: 'file', accept: kind === 'image' ? 'image/*' : '*/*' }) as HTMLInputElement;
  picker.addEventListener('change', () => {
    const file = picker.files?.[0];
    if (file === undefined) return;
    const reader = new FileReader();
    reader.onload = () => {
      const data = String(reader.result).split(',')[1] ?? '';
      const media: Record<string, unknown> = { data_base64: data, mime_type: file.type || 'application/octet-stream' };
      if (kind === 'document') media.filename = file.name;
      void send({ type: kind, [kind]: media });
    };
    reader.readAsDataURL(file);
  });
  picker.click();
}

el<HTMLFormElement>('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const body = input.value.trim();
  if (body === '') return;
  input.value = '';
  void send({ type: 'text', text: { body } });
});
el('attach').addEventListener('click', () => (attachMenu.hidden = !attachMenu.hidden));
for (const button of attachMenu.querySelectorAll<HTMLButtonElement>('button[data-attach]')) {
  button.addEventListener('click', () => void attach(button.dataset.attach ?? ''));
}
userSelect.addEventListener('change', () => void openConversation());
numberSelect.addEventListener('change', () => void openConversation());
document.addEventListener('visibilitychange', markVisibleRead);

void loadLists()
  .then(openConversation)
  .catch((error: unknown) => toast(`Could not load the sandbox: ${error instanceof Error ? error.message : String(error)}`));
