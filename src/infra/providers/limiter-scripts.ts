/**
 * The fleet-wide limiter of a provider, as Lua scripts run atomically in Redis by every agent.
 * Requests and tokens per minute are each a GCRA (one "theoretical arrival time" per limit,
 * with a burst of a sixth of the minute: domain/providers/provider-calls burstOf); concurrent
 * calls are slots in a sorted set that expire, so a crashed agent's slot comes back.
 *
 * A call is admitted only when every limit allows it, and then takes from all of them at once:
 * a call that must wait for tokens holds no request or slot meanwhile. The limits hash is read
 * by name (ARGV), not declared in KEYS, because agents may only read it and Redis asks for
 * write access to every declared key of a script; likewise the cluster's budget hold.
 *
 * Hard budgets are counted here too, at admission: a call is admitted only if what its budget
 * spent, plus what the calls under way may cost, plus what this call may cost stays within the
 * limit — or, so work can always go on to the limit, nothing is under way and the limit is not
 * reached yet. A budget is overspent by at most one call (and by what calls under way cost
 * beyond their estimates). What a call may cost is its estimated prompt and answer tokens at
 * its model's price; at the end the real usage is added to what the budget spent.
 *
 * Times come from Redis' clock, so agents on hosts with skewed clocks still share one timeline.
 */

/** Shared by the scripts: now in ms and the limits, the server's where written, else the agent's own. */
const PRELUDE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local written = redis.call('HMGET', ARGV[1], 'rpm', 'tpm', 'concurrency')
local function limit(i, fallback)
  local v = tonumber(written[i] or fallback)
  if v == nil or v <= 0 then return nil end
  return v
end
local rpm, tpm, concurrency = limit(1, ARGV[2]), limit(2, ARGV[3]), limit(3, ARGV[4])
local function burst(per_minute) return math.max(1, math.floor(per_minute / 6)) end
`;

/**
 * The hard budgets of the calling agent's cluster (written by the server, read by name) and its
 * model's price, for admission and settling. ARGV from index at: budget limits key, prices key, model.
 */
const BUDGETS = `
local function budgets_and_price(at)
  local raw = ARGV[at] ~= '' and redis.call('GET', ARGV[at]) or false
  local open = {}
  if raw then
    for _, b in ipairs(cjson.decode(raw)) do
      if tonumber(b.ends) > now then table.insert(open, b) end
    end
  end
  local price = redis.call('HGET', ARGV[at + 1], ARGV[at + 2])
  local input, output = 0, 0
  if price then
    local i, o = string.match(price, '^([^,]+),(.+)$')
    input, output = tonumber(i) or 0, tonumber(o) or 0
  end
  return open, input, output
end
`;

/**
 * KEYS: state, slots, waiting. ARGV: limits key, rpm, tpm, concurrency (the agent's fallbacks),
 * hold key, holder, task id, tokens, slot lease ms, budget limits key, prices key, model,
 * estimated prompt tokens, estimated answer tokens.
 * Answers {0, "ok"} when admitted, else {ms to wait, reason}.
 */
export const ACQUIRE = `${PRELUDE}${BUDGETS}
local state, slots, waiting = KEYS[1], KEYS[2], KEYS[3]
local hold_key, holder, task, tokens, lease = ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8]), tonumber(ARGV[9])
local budgets, input_price, output_price = budgets_and_price(10)
local estimate = (tonumber(ARGV[13]) * input_price + tonumber(ARGV[14]) * output_price) / 1000000
local old = redis.call('HGET', waiting, task)
local since = old and cjson.decode(old).since or now
local function waiting_for(ms, reason)
  if redis.call('HEXISTS', waiting, task) == 0 then redis.call('HINCRBY', state, 'throttled', 1) end
  redis.call('HSET', waiting, task, cjson.encode({ since = since, seen = now, reason = reason }))
  return { math.max(1, math.ceil(ms)), reason }
end
if hold_key ~= '' and redis.call('EXISTS', hold_key) == 1 then return waiting_for(1000, 'budget') end
-- What the calls under way may still cost; a reservation past its lease (its agent died) is dropped.
local function under_way(key)
  local sum, entries = 0, redis.call('HGETALL', key)
  for i = 1, #entries, 2 do
    local usd, expires = string.match(entries[i + 1], '^([^,]+),(.+)$')
    if tonumber(expires) <= now then redis.call('HDEL', key, entries[i]) else sum = sum + tonumber(usd) end
  end
  return sum
end
for _, b in ipairs(budgets) do
  local spent = tonumber(redis.call('GET', b.spent) or '0')
  local open = under_way(b.in_flight)
  if spent >= b.hard or (open > 0 and spent + open + estimate > b.hard) then return waiting_for(500, 'budget') end
end
local paused = tonumber(redis.call('HGET', state, 'paused_until') or '0')
if paused > now then return waiting_for(paused - now, 'retry_after') end
if concurrency then
  redis.call('ZREMRANGEBYSCORE', slots, '-inf', now)
  if redis.call('ZCARD', slots) >= concurrency then return waiting_for(100, 'concurrency') end
end
local function gcra(field, per_minute, cost)
  if not per_minute then return 0, nil end
  local interval = 60000 / per_minute
  local size = burst(per_minute)
  local tat = math.max(tonumber(redis.call('HGET', state, field) or '0'), now)
  -- A call bigger than the whole burst goes when the bucket is full, and the debt slows the next ones.
  local allowed_at = tat - math.max(0, size - cost) * interval
  if cost > size then allowed_at = tat end
  return math.max(0, allowed_at - now), tat + cost * interval
end
local request_wait, request_tat = gcra('request_tat', rpm, 1)
local token_wait, token_tat = gcra('token_tat', tpm, tokens)
if request_wait > 0 or token_wait > 0 then
  if request_wait >= token_wait then return waiting_for(request_wait, 'requests') end
  return waiting_for(token_wait, 'tokens')
end
if request_tat then redis.call('HSET', state, 'request_tat', request_tat) end
if token_tat then redis.call('HSET', state, 'token_tat', token_tat) end
redis.call('ZADD', slots, now + lease, holder)
for _, b in ipairs(budgets) do
  redis.call('HSET', b.in_flight, holder, estimate .. ',' .. (now + lease))
  redis.call('PEXPIREAT', b.in_flight, tonumber(b.ends) + 86400000)
end
redis.call('HDEL', waiting, task)
redis.call('HINCRBY', state, 'requests', 1)
redis.call('HINCRBY', state, 'tokens', tokens)
return { 0, 'ok' }
`;

/**
 * After the call: frees its slot, corrects the tokens taken by (used - estimated), and moves
 * the call from its budgets' calls under way to what they spent (at the answer's model's price).
 * KEYS: state, slots. ARGV: limits key, rpm, tpm, concurrency, holder, token correction,
 * budget limits key, prices key, model, prompt tokens used, answer tokens used (both 0 unknown).
 */
export const SETTLE = `${PRELUDE}${BUDGETS}
local state, slots, holder, correction = KEYS[1], KEYS[2], ARGV[5], tonumber(ARGV[6])
redis.call('ZREM', slots, holder)
local budgets, input_price, output_price = budgets_and_price(7)
local cost = (tonumber(ARGV[10]) * input_price + tonumber(ARGV[11]) * output_price) / 1000000
for _, b in ipairs(budgets) do
  redis.call('HDEL', b.in_flight, holder)
  if cost > 0 then
    redis.call('INCRBYFLOAT', b.spent, cost)
    redis.call('PEXPIREAT', b.spent, tonumber(b.ends) + 86400000)
  end
end
if correction ~= 0 then
  redis.call('HINCRBY', state, 'tokens', correction)
  if tpm then
    local tat = tonumber(redis.call('HGET', state, 'token_tat') or '0')
    if tat > 0 then redis.call('HSET', state, 'token_tat', math.max(now - burst(tpm) * 60000 / tpm, tat + correction * 60000 / tpm)) end
  end
end
return 1
`;

/**
 * A 429: the whole provider pauses until Retry-After has passed (the later of two pauses wins).
 * KEYS: state. ARGV: limits key, rpm, tpm, concurrency, pause ms.
 */
export const SLOW_DOWN = `${PRELUDE}
local state, pause = KEYS[1], tonumber(ARGV[5])
local until_ms = now + pause
if until_ms > tonumber(redis.call('HGET', state, 'paused_until') or '0') then
  redis.call('HSET', state, 'paused_until', until_ms)
end
redis.call('HINCRBY', state, 'rejected', 1)
return until_ms
`;

/** A waiting task gave up (cancelled, timed out): it no longer shows as waiting. KEYS: waiting. ARGV: task id. */
export const STOP_WAITING = `redis.call('HDEL', KEYS[1], ARGV[1]) return 1`;
