// Registers the demo channel's number with the sandbox, retrying while the
// sandbox (or, for the webhook handshake, the api) is still starting.

/**
 * PUTs the seed's `sandbox` block to the sandbox control API. With
 * `webhookUrl` the sandbox first does Meta's handshake against it (the api
 * answers with the seed's verify token), then sends the number's webhooks
 * there, so the demo bot answers on the phone page.
 */
export async function registerSandboxNumber(sandboxUrl, number, { attempts = 60, webhookUrl } = {}) {
  const { phone_number_id, ...config } = number;
  const body = webhookUrl ? { ...config, webhook_url: webhookUrl } : config;
  let lastError;
  for (let i = 0; i < attempts; i += 1) {
    try {
      const res = await fetch(`${sandboxUrl}/_sandbox/numbers/${phone_number_id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.ok) return;
      const text = await res.text();
      const error = new Error(`the sandbox refused number ${phone_number_id}: ${res.status} ${text}`);
      // The handshake fails while the api is still starting: worth another try. Anything else is final.
      if (!text.includes('webhook_verification_failed')) error.final = true;
      throw error;
    } catch (error) {
      if (error.final) throw error;
      lastError = error;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  throw new Error(`could not register ${phone_number_id} with the sandbox at ${sandboxUrl}: ${lastError?.message}`);
}

/** The api's Meta webhook URL under `apiUrl`. */
export function metaWebhookUrl(apiUrl) {
  return `${apiUrl.replace(/\/+$/, '')}/api/webhooks/whatsapp`;
}
