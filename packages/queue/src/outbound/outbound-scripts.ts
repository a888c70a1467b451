import { OUTBOUND_LANES } from './outbound-entry';

// Lua scripts of the outbound scheduler. Each runs atomically in Redis, so
// any number of workers can share one scheduler without locks. Times are
// passed in (ARGV) rather than read with TIME so tests can drive the clock.
//
// Keys under the prefix P (see docs/adr/0004-outbound-lanes-and-fairness.md):
//   P:e                     hash  messageId -> "lane|ws|ch|readyAt|reservedUntil|token"
//   P:q:<lane>              list  ring of workspaces with ready messages in the lane
//   P:q:<lane>:w:<ws>       list  ring of that workspace's channels with ready messages
//   P:q:<lane>:c:<ch>       list  ready message ids of one channel, oldest first
//   P:delayed               zset  messageId -> due time (retries, pacing, ambiguity waits)
//   P:inflight              zset  messageId -> lease expiry
//   P:pace:<ch>             GCRA theoretical arrival time of the channel (phone number)
//   P:rate                  hash  channelId -> messages per second (the channel's tier)
//   P:rc:<ch>:<recipient>   GCRA state of one (number, recipient) pair
//   P:bell                  list  wakes one idle worker when work arrives

const helpers = `
local P = ARGV[1]
local function chList(lane, ch) return P .. ':q:' .. lane .. ':c:' .. ch end
local function wsRing(lane, ws) return P .. ':q:' .. lane .. ':w:' .. ws end
local function laneRing(lane) return P .. ':q:' .. lane end
local function parse(v)
  return string.match(v, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)$')
end
local function join(lane, ws, ch, readyAt, reserved, token)
  return lane .. '|' .. ws .. '|' .. ch .. '|' .. readyAt .. '|' .. reserved .. '|' .. token
end
local function fmt(n) return string.format('%.3f', n) end
-- Keeps the rings consistent: a channel is in its workspace ring exactly when
-- its list is non-empty, and a workspace is in the lane ring exactly when its
-- channel ring is non-empty.
local function pushReady(lane, ws, ch, msg, atHead)
  local l = chList(lane, ch)
  local n
  if atHead then n = redis.call('LPUSH', l, msg) else n = redis.call('RPUSH', l, msg) end
  if n == 1 then
    if redis.call('RPUSH', wsRing(lane, ws), ch) == 1 then
      redis.call('RPUSH', laneRing(lane), ws)
    end
  end
end
local function ring()
  redis.call('LPUSH', P .. ':bell', '1')
  redis.call('LTRIM', P .. ':bell', 0, 0)
end
`;

/** ARGV: prefix, now, then (messageId, lane, workspaceId, channelId)*. Returns how many were new. */
export const enqueueScript = `${helpers}
local now = ARGV[2]
local added = 0
for i = 3, #ARGV, 4 do
  local msg, lane, ws, ch = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  if redis.call('HSETNX', P .. ':e', msg, join(lane, ws, ch, now, '', '')) == 1 then
    pushReady(lane, ws, ch, msg, false)
    added = added + 1
  end
end
if added > 0 then ring() end
return added
`;

/**
 * ARGV: prefix, now, max, leaseMs, token, pacingFactor, burstFraction, unknownRateIntervalMs, maxProbes.
 * Promotes due delayed entries, then picks up to max entries: lanes in order, round-robin over the
 * lane's workspaces and, inside a workspace, over its channels, skipping channels whose pacing says
 * wait. Returns { wakeAt or '', {messageId, lane, ws, ch, readyAt, reservedUntil}* }.
 */
export const dequeueScript = `${helpers}
local now = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local lease = tonumber(ARGV[4])
local token = ARGV[5]
local factor = tonumber(ARGV[6])
local burstFraction = tonumber(ARGV[7])
local unknownInterval = tonumber(ARGV[8])
local maxProbes = tonumber(ARGV[9])
local lanes = { ${OUTBOUND_LANES.map((lane) => `'${lane}'`).join(', ')} }

local due = redis.call('ZRANGEBYSCORE', P .. ':delayed', '-inf', now, 'WITHSCORES', 'LIMIT', 0, 1000)
-- Latest first, each pushed at the head: the earliest due ends up first in its channel.
for i = #due - 1, 1, -2 do
  local msg = due[i]
  redis.call('ZREM', P .. ':delayed', msg)
  local v = redis.call('HGET', P .. ':e', msg)
  if v then
    local lane, ws, ch, _, reserved = parse(v)
    redis.call('HSET', P .. ':e', msg, join(lane, ws, ch, due[i + 1], reserved, ''))
    pushReady(lane, ws, ch, msg, true)
  end
end

-- GCRA per channel: a send may go when tat - tolerance <= now.
local function paceCheck(ch)
  local rate = tonumber(redis.call('HGET', P .. ':rate', ch))
  local interval, tolerance
  if rate and rate > 0 then
    local effective = rate * factor
    interval = 1000 / effective
    tolerance = interval * math.floor(effective * burstFraction)
  else
    -- Unknown tier: one send, then wait until a worker has read the channel's tier.
    interval = unknownInterval
    tolerance = 0
  end
  local tat = tonumber(redis.call('GET', P .. ':pace:' .. ch)) or 0
  if tat - tolerance <= now then return true, interval, tat end
  return false, interval, tat - tolerance
end

local out = {}
local wake = nil
local probes = 0
local picked = 0
while picked < max and probes < maxProbes do
  local found = nil
  for li = 1, #lanes do
    local lane = lanes[li]
    local lr = laneRing(lane)
    local nws = redis.call('LLEN', lr)
    for _ = 1, nws do
      local ws = redis.call('LINDEX', lr, 0)
      local wr = wsRing(lane, ws)
      local nch = redis.call('LLEN', wr)
      for _ = 1, nch do
        probes = probes + 1
        local ch = redis.call('LINDEX', wr, 0)
        local ready, interval, tat = paceCheck(ch)
        if ready then
          local list = chList(lane, ch)
          local msg = redis.call('LPOP', list)
          if redis.call('LLEN', list) > 0 then redis.call('LMOVE', wr, wr, 'LEFT', 'RIGHT') else redis.call('LPOP', wr) end
          local nextTat = math.max(tat, now) + interval
          redis.call('SET', P .. ':pace:' .. ch, fmt(nextTat), 'PX', math.ceil(nextTat - now) + 60000)
          if msg then found = msg end
          break
        end
        if wake == nil or tat < wake then wake = tat end
        redis.call('LMOVE', wr, wr, 'LEFT', 'RIGHT')
        if probes >= maxProbes then break end
      end
      if redis.call('LLEN', wr) > 0 then redis.call('LMOVE', lr, lr, 'LEFT', 'RIGHT') else redis.call('LPOP', lr) end
      if found or probes >= maxProbes then break end
    end
    if found or probes >= maxProbes then break end
  end
  if not found then break end
  local v = redis.call('HGET', P .. ':e', found)
  if v then
    local lane, ws, ch, readyAt, reserved = parse(v)
    redis.call('HSET', P .. ':e', found, join(lane, ws, ch, readyAt, reserved, token))
    redis.call('ZADD', P .. ':inflight', now + lease, found)
    picked = picked + 1
    out[picked] = { found, lane, ws, ch, readyAt, reserved }
  end
end

local nextDue = redis.call('ZRANGE', P .. ':delayed', 0, 0, 'WITHSCORES')
if nextDue[2] then
  local t = tonumber(nextDue[2])
  if wake == nil or t < wake then wake = t end
end
-- A full batch may have left work behind: let another idle worker look.
if picked == max and max > 0 then ring() end
local result = { wake and fmt(wake) or '' }
for i = 1, picked do result[i + 1] = out[i] end
return result
`;

/** ARGV: prefix, messageId, token. Forgets a finished entry when the token still holds its lease. */
export const ackScript = `${helpers}
local v = redis.call('HGET', P .. ':e', ARGV[2])
if not v then return 0 end
local _, _, _, _, _, token = parse(v)
if token ~= ARGV[3] then return 0 end
redis.call('HDEL', P .. ':e', ARGV[2])
redis.call('ZREM', P .. ':inflight', ARGV[2])
return 1
`;

/** ARGV: prefix, messageId, token, dueAt, reservedUntil ('' for none). Moves a leased entry to the delayed set. */
export const deferScript = `${helpers}
local v = redis.call('HGET', P .. ':e', ARGV[2])
if not v then return 0 end
local lane, ws, ch, readyAt, _, token = parse(v)
if token ~= ARGV[3] then return 0 end
redis.call('ZREM', P .. ':inflight', ARGV[2])
redis.call('HSET', P .. ':e', ARGV[2], join(lane, ws, ch, readyAt, ARGV[5], ''))
redis.call('ZADD', P .. ':delayed', ARGV[4], ARGV[2])
ring()
return 1
`;

/** ARGV: prefix, now, max. Puts entries whose lease ran out (a crashed or stuck worker) back at the head of their channel. */
export const reapScript = `${helpers}
local expired = redis.call('ZRANGEBYSCORE', P .. ':inflight', '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
for i = #expired, 1, -1 do
  local msg = expired[i]
  redis.call('ZREM', P .. ':inflight', msg)
  local v = redis.call('HGET', P .. ':e', msg)
  if v then
    local lane, ws, ch, readyAt, reserved = parse(v)
    redis.call('HSET', P .. ':e', msg, join(lane, ws, ch, readyAt, reserved, ''))
    pushReady(lane, ws, ch, msg, true)
  end
end
if #expired > 0 then ring() end
return #expired
`;

/** ARGV: prefix, channelId, untilMs, now. The number sends nothing before untilMs (after a 130429). */
export const penalizeChannelScript = `${helpers}
local key = P .. ':pace:' .. ARGV[2]
local untilMs = tonumber(ARGV[3])
local current = tonumber(redis.call('GET', key)) or 0
if untilMs > current then
  redis.call('SET', key, fmt(untilMs), 'PX', math.ceil(untilMs - tonumber(ARGV[4])) + 60000)
end
return 1
`;

/**
 * ARGV: prefix, channelId, recipient, now, intervalMs, burst. Reserves the pair's next slot (GCRA:
 * a burst, then one per interval) and returns its time; a slot at or before now means send now.
 */
export const reserveRecipientScript = `${helpers}
local key = P .. ':rc:' .. ARGV[2] .. ':' .. ARGV[3]
local now = tonumber(ARGV[4])
local interval = tonumber(ARGV[5])
local tolerance = interval * (tonumber(ARGV[6]) - 1)
local tat = math.max(tonumber(redis.call('GET', key)) or now, now)
local slot = math.max(tat - tolerance, now)
local nextTat = tat + interval
redis.call('SET', key, fmt(nextTat), 'PX', math.ceil(nextTat - now) + 1000)
return fmt(slot)
`;

/**
 * ARGV: prefix, channelId, recipient, untilMs, now, intervalMs, burst. Empties the pair's bucket
 * so the next slot is untilMs (after a 131056), keeping the rest of the number untouched.
 */
export const penalizeRecipientScript = `${helpers}
local key = P .. ':rc:' .. ARGV[2] .. ':' .. ARGV[3]
local untilMs = tonumber(ARGV[4])
local tat = untilMs + tonumber(ARGV[6]) * (tonumber(ARGV[7]) - 1)
local current = tonumber(redis.call('GET', key)) or 0
if tat > current then
  redis.call('SET', key, fmt(tat), 'PX', math.ceil(tat - tonumber(ARGV[5])) + 1000)
end
return 1
`;

/** ARGV: prefix, channelId, mps. Records a channel's tier; a first sighting lifts the unknown-tier hold. */
export const setChannelRateScript = `${helpers}
local previous = redis.call('HGET', P .. ':rate', ARGV[2])
if previous == ARGV[3] then return 0 end
redis.call('HSET', P .. ':rate', ARGV[2], ARGV[3])
if not previous then
  redis.call('DEL', P .. ':pace:' .. ARGV[2])
  ring()
end
return 1
`;
