-- One client's request rate, as a token bucket every node shares.
-- KEYS[1] the bucket  bc:{clientId}:rate  (hash: tokens, at = when tokens was computed, epoch ms)
-- ARGV[1] tokens added per second  ARGV[2] bucket size (the burst)
-- Takes a token and returns 0 when there is one; otherwise takes nothing and returns the milliseconds until
-- there is one. The clock is the Redis server's, so nodes whose clocks differ still share one bucket fairly.
-- The key expires once the bucket would be full again: an idle client costs nothing.
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = tonumber(bucket[1]), tonumber(bucket[2])
if not tokens or not at then
  tokens, at = burst, now
end
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
return wait
