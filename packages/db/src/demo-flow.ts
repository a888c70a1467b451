/**
 * The demo bot's flow: exactly `examples/flows/lead-capture.json` (behaviour in
 * `examples/flows/lead-capture.md`). It is embedded because packages/db must
 * not import the flow engine or read files at run time (apps are bundled);
 * `demo-flow.test.ts` fails when the two differ.
 */
export const DEMO_FLOW_DOCUMENT = {
  "version": 1,
  "id": "lead-capture",
  "name": "Lead capture (demo bot)",
  "variables": [
    {
      "name": "email",
      "type": "string"
    }
  ],
  "triggers": {
    "restartKeywords": [
      "menu"
    ]
  },
  "nodes": [
    {
      "id": "start",
      "type": "trigger",
      "position": {
        "x": 0,
        "y": 0
      },
      "data": {
        "match": {
          "kind": "any"
        }
      }
    },
    {
      "id": "welcome",
      "type": "text",
      "position": {
        "x": 0,
        "y": 120
      },
      "data": {
        "text": "Hi! I'm the Switchboard demo bot."
      }
    },
    {
      "id": "menu",
      "type": "buttons",
      "position": {
        "x": 0,
        "y": 240
      },
      "data": {
        "body": "How can we help?",
        "buttons": [
          {
            "id": "sales",
            "title": "Sales"
          },
          {
            "id": "support",
            "title": "Support"
          }
        ]
      }
    },
    {
      "id": "ask_email",
      "type": "ask",
      "position": {
        "x": -200,
        "y": 400
      },
      "data": {
        "prompt": "What's your email?",
        "variable": "email",
        "input": {
          "kind": "email"
        },
        "retryPrompt": "That doesn't look like an email. Try again?",
        "maxAttempts": 3
      }
    },
    {
      "id": "thanks",
      "type": "text",
      "position": {
        "x": -300,
        "y": 560
      },
      "data": {
        "text": "Thanks! We'll write to {{email}}."
      }
    },
    {
      "id": "done",
      "type": "end",
      "position": {
        "x": -300,
        "y": 680
      },
      "data": {
        "reason": "lead_captured"
      }
    },
    {
      "id": "start_over",
      "type": "text",
      "position": {
        "x": -500,
        "y": 560
      },
      "data": {
        "text": "Let's start over."
      }
    },
    {
      "id": "connecting",
      "type": "text",
      "position": {
        "x": 200,
        "y": 400
      },
      "data": {
        "text": "Connecting you to a person…"
      }
    },
    {
      "id": "to_human",
      "type": "handoff",
      "position": {
        "x": 200,
        "y": 520
      },
      "data": {
        "reason": "support_requested"
      }
    }
  ],
  "edges": [
    {
      "id": "e_start",
      "source": "start",
      "sourceHandle": "next",
      "target": "welcome"
    },
    {
      "id": "e_welcome",
      "source": "welcome",
      "sourceHandle": "next",
      "target": "menu"
    },
    {
      "id": "e_sales",
      "source": "menu",
      "sourceHandle": "button:sales",
      "target": "ask_email"
    },
    {
      "id": "e_support",
      "source": "menu",
      "sourceHandle": "button:support",
      "target": "connecting"
    },
    {
      "id": "e_email_ok",
      "source": "ask_email",
      "sourceHandle": "next",
      "target": "thanks"
    },
    {
      "id": "e_thanks",
      "source": "thanks",
      "sourceHandle": "next",
      "target": "done"
    },
    {
      "id": "e_email_fallback",
      "source": "ask_email",
      "sourceHandle": "fallback",
      "target": "start_over"
    },
    {
      "id": "e_start_over",
      "source": "start_over",
      "sourceHandle": "next",
      "target": "welcome"
    },
    {
      "id": "e_connecting",
      "source": "connecting",
      "sourceHandle": "next",
      "target": "to_human"
    }
  ]
} as const;
