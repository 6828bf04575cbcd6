-- Has the inbox lost entries after a given event id (trimmed by MAXLEN)?
-- KEYS[1] the inbox  ARGV[1] the client's lastEventId
-- Returns the stream's max-deleted-entry-id, or '0-0' when nothing was ever removed or there is no stream.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return '0-0'
end
local info = redis.call('XINFO', 'STREAM', KEYS[1])
for i = 1, #info, 2 do
  if info[i] == 'max-deleted-entry-id' then
    return info[i + 1]
  end
end
return '0-0'
