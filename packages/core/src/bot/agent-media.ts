import type { AgentImage, AgentSettings, ChatModel } from '@switchboard/ai-agent';
import type { MessageContent } from '@switchboard/flow-engine';
import type { Logger } from '@switchboard/observability';
import { extractPdfText } from '../ai/extract-pdf-text';
import type { AgentRuntimeDeps } from './agent-runtime-deps';
import type { ChannelForGraph } from './bot-runtime-deps';

/** Meta's audio limit; larger files are not transcribed. */
const AUDIO_MAX_BYTES = 16 * 1024 * 1024;
/** Meta's image limit. */
const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
/** Largest PDF read for the agent (Meta allows 100 MB documents; a chat answer needs far less). */
const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
/** Pages of a PDF read for the agent. */
const DOCUMENT_MAX_PAGES = 50;
/** Characters of a PDF's text the agent reads (it stays in the conversation's memory, so it is kept short). */
const DOCUMENT_MAX_CHARS = 8_000;
/** A transcription may use this share of the turn's time budget. */
const TRANSCRIPTION_BUDGET_SHARE = 0.5;

/** A document we read as PDF: its type says so, or Meta gave none and the name ends in .pdf. */
function isPdf(content: Extract<MessageContent, { type: 'media' }>): boolean {
  const type = content.mimeType?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/pdf' || (!type && /\.pdf$/i.test(content.filename ?? ''));
}

/** What the agent reads for a PDF's text: its name, the text (cut), and the user's caption. */
function documentText(content: Extract<MessageContent, { type: 'media' }>, text: string, pages: number): string {
  const name = content.filename ? ` "${content.filename}"` : '';
  const caption = content.caption ? `\n${content.caption}` : '';
  if (text.trim() === '') return `[the user sent a PDF${name} with no readable text (a scan?)]${caption}`;
  const cut = text.length > DOCUMENT_MAX_CHARS ? `${text.slice(0, DOCUMENT_MAX_CHARS)}\n[… the rest of the document was cut]` : text;
  const pagesRead = pages > DOCUMENT_MAX_PAGES ? `, first ${DOCUMENT_MAX_PAGES} of ${pages} pages` : '';
  return `[PDF document${name}${pagesRead}]\n${cut}\n[end of document]${caption}`;
}

/**
 * Reads a turn's media before the agent sees it, as the bot's settings allow:
 * voice notes and audio become their transcript, images become vision parts,
 * PDF documents become their text.
 * Each reading fails soft: the content stays as it was, and agentInputText
 * names it to the agent as unreadable.
 */
export async function readAgentMedia(input: {
  contents: readonly MessageContent[];
  settings: AgentSettings;
  agent: AgentRuntimeDeps;
  model: ChatModel;
  channel: ChannelForGraph;
  logger: Logger;
  now: () => number;
}): Promise<{ contents: MessageContent[]; images: AgentImage[] }> {
  const { settings, agent, logger } = input;
  const images: AgentImage[] = [];
  const contents: MessageContent[] = [];
  for (const content of input.contents) {
    const wantsVoice = content.type === 'media' && content.mediaType === 'audio' && settings.media.voice;
    const wantsImage = content.type === 'media' && content.mediaType === 'image' && settings.media.images;
    const wantsPdf = content.type === 'media' && content.mediaType === 'document' && settings.media.documents && isPdf(content);
    if (content.type !== 'media' || (!wantsVoice && !wantsImage && !wantsPdf) || !agent.downloadMedia) {
      contents.push(content);
      continue;
    }
    try {
      const maxBytes = wantsVoice ? AUDIO_MAX_BYTES : wantsPdf ? DOCUMENT_MAX_BYTES : IMAGE_MAX_BYTES;
      const media = await agent.downloadMedia(input.channel, content.id, maxBytes);
      const mimeType = content.mimeType ?? media.contentType;
      if (wantsPdf) {
        const pdf = await extractPdfText(media.bytes, { maxPages: DOCUMENT_MAX_PAGES });
        contents.push({ type: 'text', body: documentText(content, pdf.text, pdf.pages) });
      } else if (wantsVoice) {
        const deadlineMs = input.now() + settings.timeBudgetMs * TRANSCRIPTION_BUDGET_SHARE;
        const text = (await input.model.transcribe({ bytes: media.bytes, mimeType }, { model: settings.media.transcriptionModel, deadlineMs })).trim();
        contents.push({ type: 'text', body: text === '' ? '[the user sent a voice note with no speech]' : `[voice note] ${text}` });
      } else {
        images.push({ mimeType, base64: Buffer.from(media.bytes).toString('base64') });
        contents.push({ type: 'text', body: content.caption ? `[image attached] ${content.caption}` : '[image attached]' });
      }
    } catch (error) {
      // The content stays media: the agent is told it could not be read.
      logger.warn({ media_type: content.mediaType, err: (error as Error).message }, 'could not read the user\'s media for the agent');
      contents.push(content);
    }
  }
  return { contents, images };
}
