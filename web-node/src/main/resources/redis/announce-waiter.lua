-- Makes a node one of those a client's updates are routed to while an HTTP call there waits for one of the
-- client's requests to end: a presence entry of its own, which the socket limit does not count.
-- KEYS[1] presence  bc:{clientId}:presence  (hash: nodeId|sessionId -> expiry, epoch ms; nodeId|wait for waiters)
-- ARGV[1] the node's waiter field  ARGV[2] its expiry (epoch ms)  ARGV[3] now (epoch ms)
-- Never shortens an entry or the hash's life.
local expiry, now = tonumber(ARGV[2]), tonumber(ARGV[3])
if (tonumber(redis.call('HGET', KEYS[1], ARGV[1])) or 0) < expiry then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -1 or ttl < expiry - now then
  redis.call('PEXPIRE', KEYS[1], expiry - now)
end
return 1
