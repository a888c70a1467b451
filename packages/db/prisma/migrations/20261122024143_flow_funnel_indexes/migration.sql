-- CreateIndex
CREATE INDEX "flow_sessions_flow_version_id_created_at_idx" ON "flow_sessions"("flow_version_id", "created_at");

-- Hand-written (the schema language cannot express an expression index): the per-node funnel
-- counts a flow version's bot messages by the node that sent them, which the bot runtime records
-- in `metadata` (flow_version_id, node_id). Only bot messages carry them; API metadata is the
-- customer's and is never read for the funnel.
CREATE INDEX "messages_bot_flow_version_idx" ON "messages" (("metadata"->>'flow_version_id'), "created_at") WHERE "source" = 'bot';
