export { canConnect } from './can-connect';
export { launchChromium } from './chromium';
export { freePort } from './free-port';
export { spawnApp, type RunningApp } from './spawn-app';
export { startScratchRedis, type ScratchRedis } from './start-redis';
export { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './webhook-receiver';
