-- Writes a request record if it is absent; tells a retry of the same request from a reuse of its id.
-- KEYS[1] the record  bc:{clientId}:req:{correlationId}
-- ARGV[1] type  ARGV[2] payloadHash  ARGV[3] acceptedBy  ARGV[4] now (epoch ms)  ARGV[5] record TTL (s)
-- Returns {'created' | 'exists' | 'conflict', field1, value1, field2, value2, ...} (no fields on conflict)
local rec = KEYS[1]
local outcome = 'created'
if redis.call('EXISTS', rec) == 1 then
  local cur = redis.call('HMGET', rec, 'type', 'payloadHash')
  if cur[1] ~= ARGV[1] or cur[2] ~= ARGV[2] then
    return {'conflict'}
  end
  outcome = 'exists'
else
  redis.call('HSET', rec, 'type', ARGV[1], 'payloadHash', ARGV[2], 'status', 'QUEUED', 'seq', '0',
    'attempt', '0', 'step', '0', 'acceptedBy', ARGV[3], 'published', '0', 'createdAt', ARGV[4], 'updatedAt', ARGV[4])
  redis.call('EXPIRE', rec, ARGV[5])
end
local reply = {outcome}
for _, v in ipairs(redis.call('HGETALL', rec)) do
  reply[#reply + 1] = v
end
return reply
