-- POST /saml/{account}/acs with one bogus SAMLResponse form body (read from RG_FLOOD_BODY),
-- back to back: every answer is a 400 or a 503, so "errors" counts all of them.
dofile(os.getenv("RG_BENCH_DIR") .. "/common.lua")
local file = assert(io.open(os.getenv("RG_FLOOD_BODY"), "rb"))
local body = file:read("*a")
file:close()
wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
