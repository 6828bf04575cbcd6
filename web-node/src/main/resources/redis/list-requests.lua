-- A client's requests, newest first, a page at a time, with the status filter applied here so that a page
-- holds what was asked for. Entries whose record has expired are dropped on the way.
-- KEYS[1] the client's requests  bc:{clientId}:requests  (zset: correlationId -> createdAt, epoch ms)
-- ARGV[1] the client's record key prefix  bc:{clientId}:req:
-- ARGV[2] page size  ARGV[3] statuses wanted, comma-separated ('' for all)
-- ARGV[4] cursor createdAt ('' for the newest)  ARGV[5] cursor correlationId (the last one of the previous page)
-- ARGV[6] most entries looked at in one call
-- Returns {nextCreatedAt, nextId, n1, field, value, ..., n2, ...}: the cursor of the next page ('' when there is
-- none), then for each record the number of field-value pairs that follow, id first.
local key, prefix, want = KEYS[1], ARGV[1], tonumber(ARGV[2])
local statuses = {}
for s in string.gmatch(ARGV[3], '[^,]+') do statuses[s] = true end
local filtered = ARGV[3] ~= ''
local top = '+inf'
if ARGV[4] ~= '' then top = ARGV[4] end
local budget = tonumber(ARGV[6])
local out, found = {'', ''}, 0
local lastScore, lastId = nil, nil
local entries = redis.call('ZREVRANGEBYSCORE', key, top, '-inf', 'WITHSCORES', 'LIMIT', 0, budget)
for i = 1, #entries, 2 do
  local id, score = entries[i], entries[i + 1]
  -- Past the cursor: members of the cursor's millisecond that came before it in the order.
  local skip = ARGV[4] ~= '' and score == ARGV[4] and id >= ARGV[5]
  if not skip then
    if found == want then
      out[1], out[2] = lastScore, lastId
      return out
    end
    local fields = redis.call('HGETALL', prefix .. id)
    if #fields == 0 then
      redis.call('ZREM', key, id)
    else
      local status = nil
      for j = 1, #fields, 2 do
        if fields[j] == 'status' then status = fields[j + 1] end
      end
      if not filtered or statuses[status] then
        out[#out + 1] = #fields / 2 + 1
        out[#out + 1] = 'correlationId'
        out[#out + 1] = id
        for j = 1, #fields do out[#out + 1] = fields[j] end
        found = found + 1
      end
    end
    lastScore, lastId = score, id
  end
end
-- The budget ran out with entries left: the next page starts after the last one looked at.
if #entries / 2 == budget and lastScore then
  out[1], out[2] = lastScore, lastId
end
return out
