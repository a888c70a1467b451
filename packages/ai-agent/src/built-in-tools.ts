import { interactiveButtonSchema, interactiveListSchema } from '@switchboard/whatsapp';
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import type { AgentEffect } from './agent-effect';
import type { AgentSettings, BuiltInToolName } from './agent-settings';

/** What a built-in tool call produced: effects for the runtime, text for the model, and whether the turn stops. */
export interface BuiltInOutcome {
  effects: AgentEffect[];
  result: string;
  ok: boolean;
  /** handoff_to_human and end_conversation end the turn: the model is not asked again. */
  stops: boolean;
}

const variableName = { type: 'string', pattern: '^[a-zA-Z_][a-zA-Z0-9_]{0,63}$' };

/** The function definitions the model sees for the bot's enabled built-ins. */
export function builtInToolDefinitions(settings: AgentSettings): ChatCompletionFunctionTool[] {
  const field = settings.contactFields.length > 0 ? { type: 'string', enum: settings.contactFields } : { type: 'string', pattern: '^[a-z][a-z0-9_]{0,39}$' };
  const all: Record<BuiltInToolName, ChatCompletionFunctionTool['function']> = {
    handoff_to_human: {
      name: 'handoff_to_human',
      description: 'Hand the conversation to a human agent. Use when the user asks for a person or you cannot help. The bot stops answering.',
      parameters: { type: 'object', properties: { reason: { type: 'string', description: 'Why a human is needed, for the human agent.' } }, required: ['reason'] },
    },
    set_variable: {
      name: 'set_variable',
      description: 'Remember a value for the rest of the conversation (also available to other tools as vars.<name>).',
      parameters: {
        type: 'object',
        properties: { name: variableName, value: { type: ['string', 'number', 'boolean', 'null'] } },
        required: ['name', 'value'],
      },
    },
    save_contact_field: {
      name: 'save_contact_field',
      description: 'Save something the user told you about themselves (e.g. email) on their contact record.',
      parameters: { type: 'object', properties: { field, value: { type: 'string', maxLength: 500 } }, required: ['field', 'value'] },
    },
    send_buttons: {
      name: 'send_buttons',
      description: 'Send a message with up to 3 reply buttons (titles at most 20 characters). The user taps one to answer.',
      parameters: {
        type: 'object',
        properties: {
          body: { type: 'string', description: 'Message text, at most 1024 characters.' },
          buttons: { type: 'array', items: { type: 'string' }, description: '1 to 3 distinct button titles.' },
        },
        required: ['body', 'buttons'],
      },
    },
    send_list: {
      name: 'send_list',
      description: 'Send a list of up to 10 options the user picks from (row titles at most 24 characters, button label at most 20).',
      parameters: {
        type: 'object',
        properties: {
          body: { type: 'string' },
          button: { type: 'string', description: 'Label of the button that opens the list.' },
          options: {
            type: 'array',
            items: { type: 'object', properties: { title: { type: 'string' }, description: { type: 'string' } }, required: ['title'] },
          },
        },
        required: ['body', 'button', 'options'],
      },
    },
    end_conversation: {
      name: 'end_conversation',
      description: 'End the conversation when the user is done. Your memory of it is cleared.',
      parameters: { type: 'object', properties: { reason: { type: 'string' } } },
    },
  };
  return settings.builtInTools.map((name) => ({ type: 'function', function: all[name] }));
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const fail = (result: string): BuiltInOutcome => ({ effects: [], result: `error: ${result}`, ok: false, stops: false });

/** Runs one built-in tool call; invalid arguments become an error the model can correct. */
export function runBuiltInTool(name: BuiltInToolName, args: Record<string, unknown>, settings: AgentSettings): BuiltInOutcome {
  switch (name) {
    case 'handoff_to_human': {
      const reason = str(args.reason)?.trim() || 'the agent asked for a human';
      return { effects: [{ type: 'handoff', reason: reason.slice(0, 500) }], result: 'handed to a human', ok: true, stops: true };
    }
    case 'end_conversation': {
      const reason = str(args.reason)?.trim() || 'ended by the agent';
      return { effects: [{ type: 'end', reason: reason.slice(0, 500) }], result: 'conversation ended', ok: true, stops: true };
    }
    case 'set_variable': {
      const variable = str(args.name);
      const value = args.value;
      if (!variable || !/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/.test(variable)) return fail('name must be letters, digits or _');
      if (!(value === null || ['string', 'number', 'boolean'].includes(typeof value))) return fail('value must be a string, number, boolean or null');
      if (typeof value === 'string' && value.length > 2_000) return fail('value is longer than 2000 characters');
      return { effects: [{ type: 'set_variable', name: variable, value: value as string | number | boolean | null }], result: 'saved', ok: true, stops: false };
    }
    case 'save_contact_field': {
      const field = str(args.field);
      const value = str(args.value);
      if (!field || !/^[a-z][a-z0-9_]{0,39}$/.test(field)) return fail('field must be lower-case letters, digits or _');
      if (settings.contactFields.length > 0 && !settings.contactFields.includes(field)) return fail(`field must be one of ${settings.contactFields.join(', ')}`);
      if (value === undefined || value.length > 500) return fail('value must be a string of at most 500 characters');
      return { effects: [{ type: 'save_contact_field', field, value }], result: 'saved', ok: true, stops: false };
    }
    case 'send_buttons': {
      const titles = Array.isArray(args.buttons) ? args.buttons : [];
      const candidate = {
        type: 'button',
        body: { text: str(args.body) ?? '' },
        action: { buttons: titles.map((title, i) => ({ type: 'reply', reply: { id: `btn_${i + 1}`, title: String(title) } })) },
      };
      const parsed = interactiveButtonSchema.safeParse(candidate);
      if (!parsed.success) return fail(`not sent, WhatsApp would refuse it: ${issues(parsed.error)}`);
      return { effects: [{ type: 'send', message: { type: 'interactive', interactive: parsed.data } }], result: 'sent', ok: true, stops: false };
    }
    case 'send_list': {
      const options = Array.isArray(args.options) ? args.options : [];
      const candidate = {
        type: 'list',
        body: { text: str(args.body) ?? '' },
        action: {
          button: str(args.button) ?? '',
          sections: [
            {
              rows: options.map((option, i) => {
                const row = (typeof option === 'object' && option !== null ? option : { title: String(option) }) as Record<string, unknown>;
                const description = str(row.description);
                return { id: `opt_${i + 1}`, title: String(row.title ?? ''), ...(description ? { description } : {}) };
              }),
            },
          ],
        },
      };
      const parsed = interactiveListSchema.safeParse(candidate);
      if (!parsed.success) return fail(`not sent, WhatsApp would refuse it: ${issues(parsed.error)}`);
      return { effects: [{ type: 'send', message: { type: 'interactive', interactive: parsed.data } }], result: 'sent', ok: true, stops: false };
    }
  }
}

function issues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');
}
