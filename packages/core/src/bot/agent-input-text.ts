import type { MessageContent } from '@switchboard/flow-engine';

/**
 * What the agent reads for the user's messages of a turn. Taps read as their
 * titles; media the runtime cannot read yet is named so the agent can say so
 * (it fails soft instead of pretending nothing was sent).
 */
export function agentInputText(contents: readonly MessageContent[]): string {
  return contents
    .map((content) => {
      switch (content.type) {
        case 'text':
          return content.body;
        case 'button_reply':
          return content.title;
        case 'list_reply':
          return content.description ? `${content.title} (${content.description})` : content.title;
        case 'media': {
          const what = content.mediaType === 'image' ? 'an image' : `${content.mediaType === 'audio' ? 'an' : 'a'} ${content.mediaType}`;
          const note = `[the user sent ${what}${content.filename ? ` "${content.filename}"` : ''} that could not be read]`;
          return content.caption ? `${note} ${content.caption}` : note;
        }
        case 'location':
          return `[location: ${[content.name, content.address].filter(Boolean).join(', ') || 'shared'} (${content.latitude}, ${content.longitude})]`;
        case 'other':
          return `[the user sent a ${content.originalType ?? 'message'} that could not be read]`;
      }
    })
    .join('\n');
}
