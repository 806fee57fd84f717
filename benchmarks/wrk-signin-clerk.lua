-- wrk: a password sign-in create, POST /v1/client/sign_ins, against `./signin emulator` (the demo
-- user Ada; on a new device she gets needs_client_trust, the answer a real first sign-in gets).
-- By default every request is tokenless: each sign-in is a new device, as each test of a suite
-- that starts from a fresh app or a fresh ClientTokenStore signs in. With CARRY_TOKEN=1 the client
-- token of each answer goes on the next request (one thread, so the connections share it): one
-- device signing in again and again.
wrk.method = "POST"
wrk.path = "/v1/client/sign_ins?_is_native=true&__clerk_api_version=2026-05-12"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "identifier=ada%40example.com&password=correct+horse+battery+staple"

if os.getenv("CARRY_TOKEN") == "1" then
  local token = ""
  request = function()
    wrk.headers["Authorization"] = token
    return wrk.format()
  end
  response = function(status, headers, body)
    token = headers["Authorization"] or headers["authorization"] or token
  end
end
