-- Applies one worker update to a request record, atomically, and says where its owner is connected.
-- KEYS[1] the record  bc:{clientId}:req:{correlationId}
-- KEYS[2] the inbox   bc:{clientId}:inbox
-- KEYS[3] presence    bc:{clientId}:presence
-- KEYS[4] in flight   bc:{clientId}:inflight (the terminal update takes the request out)
-- ARGV[1] attempt  ARGV[2] step (the update's ordering key: attempt first, then step)
-- ARGV[3] status  ARGV[4] progress  ARGV[5] stage  ARGV[6] result JSON  ARGV[7] error JSON ('' = none)
-- ARGV[8] the event body for the inbox (update JSON without eventId and seq)
-- ARGV[9] now (epoch ms)  ARGV[10] inbox max length (approximate)  ARGV[11] inbox TTL (s)  ARGV[12] correlationId
-- ARGV[13] retention (s): how long the record lives after its terminal update, unless its type is among
-- ARGV[14], ARGV[16], ... : job types whose retention (s) is the argument after each
--
-- Outcomes:
--   unknown    no such record (expired, or never accepted): nothing to do
--   stale      older than what is stored, or the record is terminal: dropped
--   duplicate  equal to the last applied update (a redelivery): nothing changes; deliver again
--   applied    newer: record advanced, event appended to the inbox
-- Returns {outcome, eventId, previousEventId, seq, type, createdAt, callbackUrl, nodeId...}; previousEventId is
-- the inbox entry before this event ('' if none, or on duplicate), type and createdAt are the record's (for
-- metrics), callbackUrl its callback ('' for none), and the node ids are those with a live session of the owner.
local rec, inbox, presence, inflight = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local cur = redis.call('HMGET', rec, 'status', 'attempt', 'step', 'seq', 'eventId', 'type', 'createdAt', 'callbackUrl')
if not cur[1] then
  return {'unknown'}
end
local attempt, step = tonumber(ARGV[1]), tonumber(ARGV[2])
local curAttempt, curStep = tonumber(cur[2]) or 0, tonumber(cur[3]) or 0
local outcome
if attempt == curAttempt and step == curStep then
  outcome = 'duplicate'
elseif cur[1] == 'SUCCEEDED' or cur[1] == 'FAILED' or cur[1] == 'CANCELLED' then
  return {'stale'}
elseif attempt > curAttempt or (attempt == curAttempt and step > curStep) then
  outcome = 'applied'
else
  return {'stale'}
end

local seq = tonumber(cur[4]) or 0
local eventId = cur[5] or ''
local previous = ''
if outcome == 'applied' then
  seq = seq + 1
  local last = redis.call('XREVRANGE', inbox, '+', '-', 'COUNT', 1)
  if last[1] then
    previous = last[1][1]
  end
  eventId = redis.call('XADD', inbox, 'MAXLEN', '~', ARGV[10], '*', 'seq', seq, 'body', ARGV[8])
  redis.call('EXPIRE', inbox, ARGV[11])
  redis.call('HSET', rec, 'status', ARGV[3], 'attempt', attempt, 'step', step, 'seq', seq, 'eventId', eventId,
    'updatedAt', ARGV[9])
  if ARGV[4] ~= '' then redis.call('HSET', rec, 'progress', ARGV[4]) end
  if ARGV[5] ~= '' then redis.call('HSET', rec, 'stage', ARGV[5]) else redis.call('HDEL', rec, 'stage') end
  if ARGV[6] ~= '' then redis.call('HSET', rec, 'result', ARGV[6]) end
  if ARGV[7] ~= '' then redis.call('HSET', rec, 'error', ARGV[7]) end
  if ARGV[3] == 'SUCCEEDED' or ARGV[3] == 'FAILED' or ARGV[3] == 'CANCELLED' then
    redis.call('ZREM', inflight, ARGV[12])
    local retention = ARGV[13]
    for i = 14, #ARGV - 1, 2 do
      if ARGV[i] == cur[6] then
        retention = ARGV[i + 1]
      end
    end
    redis.call('EXPIRE', rec, retention)
  end
end

local reply = {outcome, eventId, previous, tostring(seq), cur[6] or '', cur[7] or '0', cur[8] or ''}
local now = tonumber(ARGV[9])
local seen = {}
local entries = redis.call('HGETALL', presence)
for i = 1, #entries, 2 do
  local field, expires = entries[i], tonumber(entries[i + 1]) or 0
  if expires < now then
    redis.call('HDEL', presence, field)
  else
    local node = string.match(field, '^([^|]+)|')
    if node and not seen[node] then
      seen[node] = true
      reply[#reply + 1] = node
    end
  end
end
return reply
