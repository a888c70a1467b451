/** Status of a message as the phone page shows it. Outgoing (business → user) use sent/delivered/read/failed. */
export type MessageStatus = 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';

const statusRank: Record<MessageStatus, number> = { accepted: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/** One message of a conversation, in either direction. */
export interface ConversationMessage {
  wamid: string;
  /** `in` = user → business (an inbound webhook), `out` = business → user (a Graph send). */
  direction: 'in' | 'out';
  type: string;
  /** The Cloud API message object (`{ type, text: {...}, context?, ... }`) as sent or received. */
  message: Record<string, unknown>;
  timestamp: number;
  status: MessageStatus;
  errors?: { code: number; title: string }[];
}

/** What the phone page's event stream carries. */
export type SandboxEvent =
  | { kind: 'message'; phone_number_id: string; wa_id: string; message: ConversationMessage }
  | { kind: 'status'; phone_number_id: string; wa_id: string; wamid: string; status: MessageStatus }
  | { kind: 'typing'; phone_number_id: string; wa_id: string; until: number };

export type SandboxEventListener = (event: SandboxEvent) => void;

const MAX_MESSAGES_PER_CONVERSATION = 500;

/** Both sides of every (number, user) conversation, bounded per conversation, with a change feed. */
export class ConversationStore {
  private readonly conversations = new Map<string, ConversationMessage[]>();
  private readonly byWamid = new Map<string, { key: string; message: ConversationMessage }>();
  private readonly listeners = new Set<SandboxEventListener>();

  add(phoneNumberId: string, waId: string, message: ConversationMessage): void {
    const key = `${phoneNumberId}:${waId}`;
    let list = this.conversations.get(key);
    if (list === undefined) {
      list = [];
      this.conversations.set(key, list);
    }
    list.push(message);
    if (list.length > MAX_MESSAGES_PER_CONVERSATION) {
      const dropped = list.shift();
      if (dropped !== undefined) this.byWamid.delete(dropped.wamid);
    }
    this.byWamid.set(message.wamid, { key, message });
    this.emit({ kind: 'message', phone_number_id: phoneNumberId, wa_id: waId, message });
  }

  /** Moves a message's status forward (never back); returns whether it changed. */
  setStatus(wamid: string, status: MessageStatus, errors?: ConversationMessage['errors']): boolean {
    const found = this.byWamid.get(wamid);
    if (found === undefined) return false;
    if (statusRank[status] <= statusRank[found.message.status]) return false;
    found.message.status = status;
    if (errors !== undefined) found.message.errors = errors;
    const [phoneNumberId, waId] = splitKey(found.key);
    this.emit({ kind: 'status', phone_number_id: phoneNumberId, wa_id: waId, wamid, status });
    return true;
  }

  find(wamid: string): { phone_number_id: string; wa_id: string; message: ConversationMessage } | undefined {
    const found = this.byWamid.get(wamid);
    if (found === undefined) return undefined;
    const [phoneNumberId, waId] = splitKey(found.key);
    return { phone_number_id: phoneNumberId, wa_id: waId, message: found.message };
  }

  list(phoneNumberId: string, waId: string): ConversationMessage[] {
    return this.conversations.get(`${phoneNumberId}:${waId}`) ?? [];
  }

  emit(event: SandboxEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: SandboxEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf(':');
  return [key.slice(0, i), key.slice(i + 1)];
}
