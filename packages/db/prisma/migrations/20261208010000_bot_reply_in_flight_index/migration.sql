-- Hand-written (the schema language cannot express a partial index): the bot's reply chain asks,
-- for one conversation, "is a bot reply of it still in flight?" (a turn's chain check in
-- create-turn-writes.ts, the promotion of held replies in bot-reply-chain.ts). Without an index
-- made for it, the planner answered through the status index (every in-flight message of every
-- conversation) or, with statistics taken while bot messages were few, through
-- messages_bot_flow_version_idx (every bot message ever sent): a per-reply cost that grew with the
-- backlog or with the table. This index holds only the in-flight bot replies, so the check reads
-- at most a few entries of the one conversation.
CREATE INDEX IF NOT EXISTS "messages_bot_in_flight_idx" ON "messages" ("conversation_id")
  WHERE "source" = 'bot' AND "direction" = 'outbound' AND "status" IN ('accepted', 'queued', 'sending');
