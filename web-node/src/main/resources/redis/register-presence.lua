-- Announces a new socket of a client, unless the client already holds as many live sockets as it may, on any node.
-- KEYS[1] presence  bc:{clientId}:presence  (hash: nodeId|sessionId -> expiry, epoch ms)
-- ARGV[1] the socket's field  ARGV[2] now (epoch ms)  ARGV[3] its expiry (epoch ms)  ARGV[4] most live sockets
-- Returns 1 when the socket was registered, 0 when the client is at its limit (nothing written then).
-- Expired entries (of nodes that died) are dropped on the way and do not count.
local live = 0
local now = tonumber(ARGV[2])
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  -- A node's entry for its waiting HTTP calls (nodeId|wait) is no socket.
  if entries[i] ~= ARGV[1] and not string.find(entries[i], '|wait', 1, true) then
    if (tonumber(entries[i + 1]) or 0) < now then
      redis.call('HDEL', KEYS[1], entries[i])
    else
      live = live + 1
    end
  end
end
if live >= tonumber(ARGV[4]) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) - now)
return 1
