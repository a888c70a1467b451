/** A message template as Graph's `GET /{WABA-ID}/message_templates` describes it (default fields). */
export interface SandboxTemplate {
  id: string;
  name: string;
  language: string;
  status: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  parameter_format?: 'POSITIONAL' | 'NAMED';
  components: Record<string, unknown>[];
}

/**
 * The templates every sandbox WhatsApp Business Account has, in Meta's wire format: a few approved
 * ones with positional and named body parameters (in two languages), and one pending and one
 * rejected so clients can show that only approved templates are sendable. The send endpoint accepts
 * them (as it accepts any template name).
 */
export const SANDBOX_TEMPLATES: readonly SandboxTemplate[] = [
  {
    id: '1192339204654487',
    name: 'hello_world',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
      {
        type: 'BODY',
        text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.',
      },
      { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
    ],
  },
  {
    id: '920070352646141',
    name: 'order_update',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'BODY', text: 'Hi {{1}}, your order {{2}} is on its way and should arrive by {{3}}.', example: { body_text: [['Ada', '#1042', 'Friday']] } },
      { type: 'FOOTER', text: 'Reply to this message if you have a question' },
    ],
  },
  {
    id: '920070352646142',
    name: 'order_update',
    language: 'es_ES',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'BODY', text: 'Hola {{1}}, tu pedido {{2}} está en camino y debería llegar el {{3}}.', example: { body_text: [['Ada', '#1042', 'viernes']] } },
    ],
  },
  {
    id: '920070352646143',
    name: 'follow_up',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'NAMED',
    components: [
      {
        type: 'BODY',
        text: 'Hi {{first_name}}, we are picking up your conversation about {{topic}}. Reply to this message to continue.',
        example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ada' }, { param_name: 'topic', example: 'your order' }] },
      },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Continue' }] },
    ],
  },
  {
    id: '920070352646144',
    name: 'appointment_reminder',
    language: 'en_US',
    status: 'PENDING',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [{ type: 'BODY', text: 'Reminder: your appointment is on {{1}}.', example: { body_text: [['Monday 10:00']] } }],
  },
  {
    id: '920070352646145',
    name: 'spring_sale',
    language: 'en_US',
    status: 'REJECTED',
    category: 'MARKETING',
    parameter_format: 'POSITIONAL',
    components: [{ type: 'BODY', text: 'Our spring sale is on: {{1}} off everything!', example: { body_text: [['25%']] } }],
  },
];
