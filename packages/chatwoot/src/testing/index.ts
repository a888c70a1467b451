// Test support: a fake Chatwoot speaking the Application API and sending Chatwoot-shaped webhooks.
export { startFakeChatwoot, type FakeChatwoot, type FakeChatwootOptions, type FakeDelivery, type FakeMessage, type FakeRequest } from './fake-chatwoot';
export { fakeRequestSchemas } from './fake-chatwoot-requests';
