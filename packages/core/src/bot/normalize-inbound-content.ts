import type { MessageContent as FlowMessageContent } from '@switchboard/flow-engine';
import type { MessageContent as InboundContent } from '@switchboard/whatsapp';

/**
 * Turns a parsed Meta message into the content the flow engine reads. Template
 * quick-reply taps become `button_reply` (their payload is the id); anything
 * the engine has no block for becomes `other` with Meta's type.
 */
export function normalizeInboundContent(content: InboundContent): FlowMessageContent {
  switch (content.type) {
    case 'text':
      return { type: 'text', body: content.body };
    case 'button_reply':
      return { type: 'button_reply', id: content.id, title: content.title };
    case 'button':
      return { type: 'button_reply', id: content.payload, title: content.text };
    case 'list_reply':
      return {
        type: 'list_reply',
        id: content.id,
        title: content.title,
        ...(content.description === undefined ? {} : { description: content.description }),
      };
    case 'image':
    case 'video':
      return {
        type: 'media',
        mediaType: content.type,
        id: content.media.id,
        ...(content.media.mimeType === undefined ? {} : { mimeType: content.media.mimeType }),
        ...(content.caption === undefined ? {} : { caption: content.caption }),
      };
    case 'document':
      return {
        type: 'media',
        mediaType: content.type,
        id: content.media.id,
        ...(content.media.mimeType === undefined ? {} : { mimeType: content.media.mimeType }),
        ...(content.caption === undefined ? {} : { caption: content.caption }),
        ...(content.filename === undefined ? {} : { filename: content.filename }),
      };
    case 'audio':
    case 'sticker':
      return {
        type: 'media',
        mediaType: content.type,
        id: content.media.id,
        ...(content.media.mimeType === undefined ? {} : { mimeType: content.media.mimeType }),
      };
    case 'location':
      return {
        type: 'location',
        latitude: content.latitude,
        longitude: content.longitude,
        ...(content.name === undefined ? {} : { name: content.name }),
        ...(content.address === undefined ? {} : { address: content.address }),
      };
    case 'unsupported':
      return { type: 'other', originalType: content.originalType };
    default:
      return { type: 'other', originalType: content.type };
  }
}
