-- wrk: POST /v1/client/sign_ins of a new device (no client token) for BenchEmulator's test user.
wrk.method = "POST"
wrk.path = "/v1/client/sign_ins?_is_native=true&__clerk_api_version=2026-05-12"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "strategy=password&identifier=bench%2Bclerk_test%40example.com&password=correct+horse+battery+staple"
