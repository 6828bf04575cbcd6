-- Announces a new socket of a client, unless the client already holds as many live sockets as it may, on any node.
-- KEYS[1] presence  bc:{clientId}:presence  (hash: nodeId|incarnation.sessionId -> expiry, epoch ms)
-- ARGV[1] the socket's field  ARGV[2] now (epoch ms)  ARGV[3] its expiry (epoch ms)  ARGV[4] most live sockets
-- ARGV[5..] pairs: a node id, and the oldest incarnation of it whose entries are live (the node registry's word:
--           a live node's current incarnation, one past a dead node's last)
-- Returns 1 when the socket was registered, 0 when the client is at its limit (nothing written then).
-- Expired entries, and stale ones by the pairs, are dropped on the way and do not count. An entry with no
-- incarnation (written by an earlier version) lives by its expiry alone.
local now = tonumber(ARGV[2])
local oldest = {}
for i = 5, #ARGV - 1, 2 do
  oldest[ARGV[i]] = tonumber(ARGV[i + 1])
end
local live = 0
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  local field = entries[i]
  -- A node's entry for its waiting HTTP calls (nodeId|wait) is no socket.
  if field ~= ARGV[1] and not string.find(field, '|wait', 1, true) then
    local stale = (tonumber(entries[i + 1]) or 0) < now
    if not stale then
      local node, incarnation = string.match(field, '^([^|]+)|(%d+)%.')
      stale = node ~= nil and oldest[node] ~= nil and tonumber(incarnation) < oldest[node]
    end
    if stale then
      redis.call('HDEL', KEYS[1], field)
    else
      live = live + 1
    end
  end
end
if live >= tonumber(ARGV[4]) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < tonumber(ARGV[3]) - now then
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) - now)
end
return 1
