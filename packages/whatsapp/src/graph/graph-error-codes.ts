/** How a Graph error code should be handled by a sender. */
export type GraphErrorPolicy =
  | { kind: 'permanent' }
  | { kind: 'retry' }
  | { kind: 'retry_later'; scope: 'number' | 'recipient' | 'app'; delayMs: number };

export interface GraphErrorCodeInfo {
  /** Meta's title for the code. */
  title: string;
  /** What it means for the sender, in plain words (shown in the dashboard). */
  meaning: string;
  policy: GraphErrorPolicy;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const permanent = { kind: 'permanent' } as const;
const retry = { kind: 'retry' } as const;

// Keyed by error.code (never by HTTP status: throttling codes often come back as HTTP 400).
// Titles and meanings follow Meta's error-code reference (support/error-codes).
export const graphErrorCodes: Readonly<Record<number, GraphErrorCodeInfo>> = {
  0: { title: 'AuthException', meaning: 'The access token could not be validated (invalid or expired); refresh it.', policy: permanent },
  1: { title: 'API Unknown', meaning: 'Invalid request or possible server error (Meta may be down); try again.', policy: retry },
  2: { title: 'API Service', meaning: 'Temporary Meta service error (downtime or overload); try again.', policy: retry },
  3: { title: 'API Method', meaning: 'The app lacks the capability or permission for this call.', policy: permanent },
  4: {
    title: 'API Too Many Calls',
    meaning: 'The app reached its Graph API call rate limit; wait before calling again.',
    policy: { kind: 'retry_later', scope: 'app', delayMs: 5 * MINUTE },
  },
  10: { title: 'API Permission Denied', meaning: 'Permission not granted or removed for this app.', policy: permanent },
  100: {
    title: 'Invalid parameter',
    meaning: 'The request has an invalid or unsupported parameter, or an object id (media, phone number) does not exist.',
    policy: permanent,
  },
  104: { title: 'Access token required', meaning: 'No access token was sent with the request.', policy: permanent },
  190: { title: 'Access token has expired', meaning: 'The access token expired or was revoked; generate a new one.', policy: permanent },
  368: {
    title: 'Temporarily blocked for policies violations',
    meaning: 'The account is restricted for violating WhatsApp platform policies.',
    policy: permanent,
  },
  80007: {
    title: 'Rate limit issues',
    meaning: 'The WhatsApp Business Account reached its rate limit; wait before sending more.',
    policy: { kind: 'retry_later', scope: 'app', delayMs: 5 * MINUTE },
  },
  130429: {
    title: 'Rate limit hit',
    meaning: "The phone number reached Cloud API's messages-per-second throughput; slow down this number.",
    policy: { kind: 'retry_later', scope: 'number', delayMs: 2 * SECOND },
  },
  130472: {
    title: "User's number is part of an experiment",
    meaning: 'Meta withheld this marketing message because the recipient is in an experiment group.',
    policy: permanent,
  },
  130497: {
    title: 'Business account is restricted from messaging users in this country',
    meaning: 'The business may not message users in the recipient’s country.',
    policy: permanent,
  },
  131000: { title: 'Something went wrong', meaning: 'Unknown Meta error while sending; try again a few times.', policy: retry },
  131005: { title: 'Access denied', meaning: 'Permission is not granted or has been removed.', policy: permanent },
  131008: { title: 'Required parameter is missing', meaning: 'The request is missing a required parameter.', policy: permanent },
  131009: { title: 'Parameter value is not valid', meaning: 'A parameter value is invalid (e.g. a limit was exceeded).', policy: permanent },
  131016: { title: 'Service unavailable', meaning: 'A Meta service is temporarily unavailable; try again.', policy: retry },
  131021: { title: 'Recipient cannot be sender', meaning: 'The recipient is the sending business number itself.', policy: permanent },
  131026: {
    title: 'Message undeliverable',
    meaning: 'The recipient cannot receive it: not on WhatsApp, an old app version, or has not accepted the terms.',
    policy: permanent,
  },
  131030: {
    title: 'Recipient phone number not in allowed list',
    meaning: 'Test numbers may only message recipients on their allowed list.',
    policy: permanent,
  },
  131031: { title: 'Account has been locked', meaning: 'The business account is locked (policy violation or bad data).', policy: permanent },
  131037: { title: 'WhatsApp provided number needs display name approval', meaning: 'The display name is not approved yet.', policy: permanent },
  131042: {
    title: 'Business eligibility payment issue',
    meaning: 'A payment or billing problem blocks sending; fix the payment method.',
    policy: permanent,
  },
  131045: { title: 'Incorrect certificate', meaning: 'The phone number is not registered correctly.', policy: permanent },
  131047: {
    title: 'Re-engagement message',
    meaning: 'More than 24 hours since the user last wrote; only an approved template can be sent.',
    policy: permanent,
  },
  131048: {
    title: 'Spam rate limit hit',
    meaning: 'Too many messages from this number were blocked or flagged as spam; sending is limited for a while.',
    policy: { kind: 'retry_later', scope: 'number', delayMs: HOUR },
  },
  131049: {
    title: 'Meta chose not to deliver',
    meaning: 'Not delivered to keep ecosystem engagement healthy (marketing cap for this user); do not retry within 24 h.',
    policy: permanent,
  },
  131050: { title: 'Unable to deliver the message', meaning: 'The user has stopped marketing messages from this business.', policy: permanent },
  131051: { title: 'Unsupported message type', meaning: 'This message type is not supported.', policy: permanent },
  131052: {
    title: 'Media download error',
    meaning: "Meta could not download the user's media; ask them to send it again.",
    policy: retry,
  },
  131053: {
    title: 'Media upload error',
    meaning: 'Meta could not fetch or accept the media (check URL, MIME type and size).',
    policy: retry,
  },
  131056: {
    title: '(Business Account, Consumer Account) pair rate limit hit',
    meaning: 'Too many messages to this same recipient in a short time; wait before messaging them again.',
    policy: { kind: 'retry_later', scope: 'recipient', delayMs: 6 * SECOND },
  },
  131057: {
    title: 'Account in maintenance mode',
    meaning: 'The business account is in maintenance (e.g. a throughput upgrade); try again in a few minutes.',
    policy: { kind: 'retry_later', scope: 'number', delayMs: 2 * MINUTE },
  },
  132000: {
    title: 'Template Param Count Mismatch',
    meaning: 'The number of parameters does not match the template’s variables.',
    policy: permanent,
  },
  132001: {
    title: 'Template does not exist',
    meaning: 'No approved template with this name in this language.',
    policy: permanent,
  },
  132005: { title: 'Template Hydrated Text Too Long', meaning: 'Text with parameters filled in is too long.', policy: permanent },
  132007: {
    title: 'Template Format Character Policy Violated',
    meaning: 'Template content breaks a formatting policy.',
    policy: permanent,
  },
  132012: {
    title: 'Template Parameter Format Mismatch',
    meaning: 'A parameter does not have the format the template expects.',
    policy: permanent,
  },
  132015: { title: 'Template is Paused', meaning: 'The template is paused for low quality.', policy: permanent },
  132016: { title: 'Template is Disabled', meaning: 'The template was disabled for low quality.', policy: permanent },
  133004: { title: 'Server temporarily unavailable', meaning: 'Meta server is temporarily unavailable; try again.', policy: retry },
  133016: {
    title: 'Account register or deregister rate limit exceeded',
    meaning: 'Too many register/deregister attempts for this number; wait before trying again.',
    policy: { kind: 'retry_later', scope: 'number', delayMs: 24 * HOUR },
  },
  135000: { title: 'Generic user error', meaning: 'Unknown error with the request parameters.', policy: permanent },
};

/** Looks up a Graph error code (codes 200–299 share one "API permission" entry). */
export function lookupGraphErrorCode(code: number): GraphErrorCodeInfo | undefined {
  const known = graphErrorCodes[code];
  if (known) return known;
  if (code >= 200 && code <= 299) {
    return { title: 'API Permission', meaning: 'A permission needed for this call is missing or was removed.', policy: permanent };
  }
  return undefined;
}

/** Meta's human-readable meaning of a Graph error code, or undefined for codes we do not know. */
export function describeGraphErrorCode(code: number): { title: string; meaning: string } | undefined {
  const info = lookupGraphErrorCode(code);
  return info ? { title: info.title, meaning: info.meaning } : undefined;
}
