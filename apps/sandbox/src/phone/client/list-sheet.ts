import type { ConversationMessage } from '../../state/conversation-store';
import { h } from './dom';
import { list, obj, str } from './read-fields';

export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

/** Opens the bottom sheet of a list message; `onPick` gets the tapped row. */
export function openListSheet(sheet: HTMLElement, message: ConversationMessage, onPick: (row: ListRow) => void): void {
  const action = obj(obj(message.message, 'interactive'), 'action') ?? {};
  sheet.replaceChildren(h('h3', {}, str(action, 'button') ?? 'Options'));
  for (const section of list(action, 'sections')) {
    const title = str(section, 'title');
    if (title !== undefined) sheet.append(h('h4', {}, title));
    for (const row of list(section, 'rows')) {
      const picked: ListRow = { id: str(row, 'id') ?? '', title: str(row, 'title') ?? '' };
      const description = str(row, 'description');
      if (description !== undefined) picked.description = description;
      sheet.append(
        h(
          'button',
          {
            type: 'button',
            class: 'list-row',
            'data-testid': 'list-row',
            'data-row-id': picked.id,
            onclick: () => {
              sheet.hidden = true;
              onPick(picked);
            },
          },
          picked.title,
          description !== undefined ? h('small', {}, description) : null,
        ),
      );
    }
  }
  sheet.append(h('button', { type: 'button', class: 'close', onclick: () => (sheet.hidden = true) }, 'Close'));
  sheet.hidden = false;
}
