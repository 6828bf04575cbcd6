-- Takes the requests whose deadline has come, for one node to end: each is leased (its score moved a lease
-- ahead) so that the other nodes pass it by while this one ends it, and comes back due if this node dies first.
-- KEYS[1] the deadline index  bc:deadlines (zset: clientId|correlationId -> deadline, epoch ms)
-- ARGV[1] now (epoch ms)  ARGV[2] most members to take  ARGV[3] lease (ms)
-- Returns the members taken.
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local until_ = tonumber(ARGV[1]) + tonumber(ARGV[3])
for _, member in ipairs(due) do
  redis.call('ZADD', KEYS[1], 'XX', until_, member)
end
return due
