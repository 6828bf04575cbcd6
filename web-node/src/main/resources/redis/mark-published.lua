-- Notes that the broker confirmed a request's job; never recreates a record that has expired meanwhile.
-- KEYS[1] the record
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'published', '1')
end
return 1
