-- Writes a request record if it is absent; tells a retry of the same request from a reuse of its id; keeps the
-- client's set of unfinished requests and refuses a request over the limit of it.
-- KEYS[1] the record     bc:{clientId}:req:{correlationId}
-- KEYS[2] in flight      bc:{clientId}:inflight  (zset: correlationId -> when its record expires, epoch ms)
-- ARGV[1] type  ARGV[2] payloadHash  ARGV[3] acceptedBy  ARGV[4] now (epoch ms)
-- ARGV[5] record TTL (s): past the deadline by the retention, so that the record outlives its deadline
-- ARGV[6] correlationId  ARGV[7] most unfinished requests the client may have (0: take no new work at all)
-- ARGV[8] deadline (epoch ms); a retry keeps the deadline of the first try
-- KEYS[3] the client's requests  bc:{clientId}:requests  (zset: correlationId -> createdAt, epoch ms)
-- ARGV[9] most requests the index keeps per client (the oldest leave first)
-- ARGV[10] callback URL ('' for none): the record's callback, pending until delivered
-- Returns {'created' | 'exists' | 'conflict' | 'busy', field1, value1, field2, value2, ...} (fields only with
-- created and exists)
--   busy: the request still has to be published (it is new, or an earlier try was refused) and the client
--         already has the most unfinished requests it may; nothing was written. A retry of a published request
--         is never busy: idempotency wins over the limit.
local rec, inflight = KEYS[1], KEYS[2]
local now, ttl, id = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
local cur = redis.call('HMGET', rec, 'type', 'payloadHash', 'published', 'status')
local outcome = 'created'
if cur[1] then
  if cur[1] ~= ARGV[1] or cur[2] ~= ARGV[2] then
    return {'conflict'}
  end
  outcome = 'exists'
end
local finished = cur[4] == 'SUCCEEDED' or cur[4] == 'FAILED' or cur[4] == 'CANCELLED'
if cur[3] ~= '1' and not finished then
  -- Members whose record expired without a terminal update leave first, so the set cannot leak.
  redis.call('ZREMRANGEBYSCORE', inflight, '-inf', now)
  if not redis.call('ZSCORE', inflight, id) then
    if redis.call('ZCARD', inflight) >= tonumber(ARGV[7]) then
      return {'busy'}
    end
    local expires = now + ttl * 1000
    if outcome == 'exists' then
      expires = now + math.max(redis.call('PTTL', rec), 0)
    end
    redis.call('ZADD', inflight, expires, id)
    redis.call('EXPIRE', inflight, ttl)
  end
end
if outcome == 'created' then
  redis.call('HSET', rec, 'type', ARGV[1], 'payloadHash', ARGV[2], 'status', 'QUEUED', 'seq', '0',
    'attempt', '0', 'step', '0', 'acceptedBy', ARGV[3], 'published', '0', 'createdAt', ARGV[4], 'updatedAt', ARGV[4],
    'deadline', ARGV[8])
  redis.call('EXPIRE', rec, ttl)
  if ARGV[10] ~= '' then
    redis.call('HSET', rec, 'callbackUrl', ARGV[10], 'callbackState', 'pending', 'callbackAttempts', '0')
  end
  redis.call('ZADD', KEYS[3], ARGV[4], id)
  redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -tonumber(ARGV[9]) - 1)
  if redis.call('TTL', KEYS[3]) < ttl then
    redis.call('EXPIRE', KEYS[3], ttl)
  end
end
local reply = {outcome}
for _, v in ipairs(redis.call('HGETALL', rec)) do
  reply[#reply + 1] = v
end
return reply
