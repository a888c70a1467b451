// Test support: a local OpenAI-compatible server (never a real host).
export {
  startFakeOpenAiServer,
  type FakeAnswer,
  type FakeChatRequest,
  type FakeOpenAiServer,
  type FakeStep,
  type FakeTranscriptionAnswer,
  type FakeTranscriptionRequest,
} from './fake-openai-server';
