-- Appends an event a backend published to a client's inbox, once per publish id.
-- KEYS[1] the publish  bc:{clientId}:published:{id}  (value: eventId|fingerprint)
-- KEYS[2] the inbox    bc:{clientId}:inbox
-- ARGV[1] the event body for the inbox (frame JSON without eventId)  ARGV[2] the publish's fingerprint
-- ARGV[3] inbox max length (approximate)  ARGV[4] inbox TTL (s): how long the id is remembered, too
--
-- Returns {outcome, eventId, previousEventId}:
--   appended  new: the event is in the inbox; previousEventId is the entry before it ('' if none)
--   repeated  the same publish again: its stored eventId, nothing appended
--   conflict  the id was published before with another body: nothing appended
local stored = redis.call('GET', KEYS[1])
if stored then
  local bar = string.find(stored, '|', 1, true)
  if string.sub(stored, bar + 1) ~= ARGV[2] then
    return {'conflict', '', ''}
  end
  return {'repeated', string.sub(stored, 1, bar - 1), ''}
end
local previous = ''
local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
if last[1] then
  previous = last[1][1]
end
local eventId = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'seq', 0, 'body', ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[4])
redis.call('SET', KEYS[1], eventId .. '|' .. ARGV[2], 'EX', ARGV[4])
return {'appended', eventId, previous}
