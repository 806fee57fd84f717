-- The full sign-in path of a new device against BenchEmulator, four requests in a loop:
-- create (password), prepare (email code), attempt (424242), touch. Run with as many
-- connections as threads (-t N -c N): each thread's Lua state then follows one connection.
local q = "?_is_native=true&__clerk_api_version=2026-05-12"
local step, token, signin, email, session = 0, nil, nil, nil, nil
failures = 0 -- global: done() reads it from every thread
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

done = function(summary, latency, requests)
  local f = 0
  for _, t in ipairs(threads) do
    f = f + t:get("failures")
  end
  io.write(string.format("path failures (a non-200 or an id missing): %d\n", f))
end

local function post(path, body)
  local h = { ["Content-Type"] = "application/x-www-form-urlencoded" }
  h["Authorization"] = token or ""
  return wrk.format("POST", path .. q, h, body)
end

request = function()
  if step == 0 then
    token = nil
    return post("/v1/client/sign_ins",
      "strategy=password&identifier=bench%2Bclerk_test%40example.com&password=correct+horse+battery+staple")
  elseif step == 1 then
    return post("/v1/client/sign_ins/" .. signin .. "/prepare_second_factor",
      "strategy=email_code&email_address_id=" .. email)
  elseif step == 2 then
    return post("/v1/client/sign_ins/" .. signin .. "/attempt_second_factor",
      "strategy=email_code&code=424242")
  else
    return post("/v1/client/sessions/" .. session .. "/touch",
      "active_organization_id=&intent=select_session")
  end
end

response = function(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
    step = 0
    return
  end
  token = headers["Authorization"] or headers["authorization"] or token
  if step == 0 then
    signin = body:match('"id":"(sia_[%w]+)"')
    email = body:match('"email_address_id":"([%w_]+)"')
  elseif step == 2 then
    session = body:match('"created_session_id":"(sess_[%w]+)"')
  end
  if (step == 0 and (signin == nil or email == nil)) or (step == 2 and session == nil) then
    failures = failures + 1
    step = 0
    return
  end
  step = (step + 1) % 4
end

-- With WRK_DELAY_MS set (wrk passes no arguments to delay), every request waits that long after
-- the previous answer on its connection: a paced run, N connections giving about
-- N / (delay + service time) requests per second, for latency at a set load rather than at
-- saturation.
local pause = tonumber(os.getenv("WRK_DELAY_MS") or "0")
if pause > 0 then
  delay = function()
    return pause
  end
end
