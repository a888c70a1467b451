// Test support: a local OpenAI-compatible server (never a real host).
export {
  startFakeOpenAiServer,
  type FakeAnswer,
  type FakeChatRequest,
  type FakeEmbeddingFailure,
  type FakeEmbeddingRequest,
  type FakeOpenAiServer,
  type FakeStep,
  type FakeTranscriptionAnswer,
  type FakeTranscriptionRequest,
} from './fake-openai-server';
export { FAKE_EMBEDDING_DIMENSIONS, fakeEmbedding } from './fake-embedding';
