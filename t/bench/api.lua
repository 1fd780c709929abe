-- api.lua - the wrk script of t/bench/bench.sh.
--
-- Environment:
--   BENCH_BODY   an application/x-www-form-urlencoded body: the requests are
--                POSTs with it; empty or unset: plain GETs (the static ceiling)
--   BENCH_USERS_FILE  lines "username key": @USER@ and @KEY@ in the body are
--                replaced by the next line's values on every request (each
--                thread starts at its own offset)
-- Every response is checked: a non-2xx status, or a body without
-- "error":false (an API error envelope, an nginx error page), counts as a
-- failure, so a fast stream of errors can never pass for a result.
-- done() prints one machine-readable line for bench.sh:
--   BENCH requests=N duration_us=N rps=X p50_us=N p90_us=N p99_us=N
--         non2xx=N notok=N sockerr=N
-- and BENCH_SAMPLE <first failing body> when something failed.

local body = os.getenv("BENCH_BODY") or ""
if body ~= "" then
    wrk.method = "POST"
    wrk.body = body
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

-- Per-request bodies from the users file (read in each thread's state).
local users = {}
local users_file = os.getenv("BENCH_USERS_FILE") or ""
if users_file ~= "" then
    for line in io.lines(users_file) do
        local u, k = string.match(line, "^(%S+) (%S+)$")
        if u then
            table.insert(users, {u, k})
        end
    end
end
local next_user = 1

-- The requests are formatted once per thread (init), so that the load
-- generator spends no more time per request than with a fixed body.
local prepared = {}
if #users > 0 then
    request = function()
        local r = prepared[next_user]
        next_user = next_user % #prepared + 1
        return r
    end
end

-- setup() and done() run in their own Lua state; the per-thread counters
-- are fetched from each thread's state with thread:get().
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    if #users > 0 then
        -- Each thread's Lua state starts with the same seed: mix in the
        -- address of a fresh table so threads start at different users.
        math.randomseed(os.time() + (tonumber(string.match(tostring({}), "0x(%x+)") or "0", 16) % 100000))
        next_user = math.random(1, #users)
        for i, u in ipairs(users) do
            local b = string.gsub(string.gsub(body, "@USER@", u[1]), "@KEY@", u[2])
            prepared[i] = wrk.format(nil, nil, nil, b)
        end
    end
    non2xx = 0
    notok = 0
    sample = nil
end

function response(status, headers, resp_body)
    if status < 200 or status > 299 then
        non2xx = non2xx + 1
        if sample == nil then
            sample = "HTTP " .. status .. " " .. string.sub(resp_body or "", 1, 200)
        end
    elseif not string.find(resp_body or "", '"error":false', 1, true) then
        notok = notok + 1
        if sample == nil then
            sample = string.sub(resp_body or "", 1, 200)
        end
    end
end

function done(summary, latency, requests)
    local total_non2xx, total_notok, first_sample = 0, 0, nil
    for _, thread in ipairs(threads) do
        total_non2xx = total_non2xx + (thread:get("non2xx") or 0)
        total_notok = total_notok + (thread:get("notok") or 0)
        first_sample = first_sample or thread:get("sample")
    end
    local e = summary.errors
    local sockerr = e.connect + e.read + e.write + e.timeout
    local rps = 0
    if summary.duration > 0 then
        rps = summary.requests / (summary.duration / 1e6)
    end
    io.write(string.format(
        "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d non2xx=%d notok=%d sockerr=%d\n",
        summary.requests, summary.duration, rps,
        latency:percentile(50.0), latency:percentile(90.0), latency:percentile(99.0),
        total_non2xx, total_notok, sockerr))
    if first_sample then
        io.write("BENCH_SAMPLE " .. string.gsub(first_sample, "\n", " ") .. "\n")
    end
end
