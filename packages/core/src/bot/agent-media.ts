import type { AgentImage, AgentSettings, ChatModel } from '@switchboard/ai-agent';
import type { MessageContent } from '@switchboard/flow-engine';
import type { Logger } from '@switchboard/observability';
import type { AgentRuntimeDeps } from './agent-runtime-deps';
import type { ChannelForGraph } from './bot-runtime-deps';

/** Meta's audio limit; larger files are not transcribed. */
const AUDIO_MAX_BYTES = 16 * 1024 * 1024;
/** Meta's image limit. */
const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
/** A transcription may use this share of the turn's time budget. */
const TRANSCRIPTION_BUDGET_SHARE = 0.5;

/**
 * Reads a turn's media before the agent sees it, as the bot's settings allow:
 * voice notes and audio become their transcript, images become vision parts.
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
    if (content.type !== 'media' || (!wantsVoice && !wantsImage) || !agent.downloadMedia) {
      contents.push(content);
      continue;
    }
    try {
      const media = await agent.downloadMedia(input.channel, content.id, wantsVoice ? AUDIO_MAX_BYTES : IMAGE_MAX_BYTES);
      const mimeType = content.mimeType ?? media.contentType;
      if (wantsVoice) {
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
