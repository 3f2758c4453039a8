-- POST /v1/accounts/{account}/check/batch with 100 checks per request.
dofile(os.getenv("RG_BENCH_DIR") .. "/common.lua")
local account = os.getenv("RG_ACCOUNT")
local users = tonumber(os.getenv("RG_USERS"))
local ops = {"report.open", "report.rename", "dashboard.view", "billing.cancel", "report.share_to_slack", "data.export_csv"}
local path = "/v1/accounts/" .. account .. "/check/batch"
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("RG_TOKEN")}
local bodies = {}
for b = 1, 50 do
  local checks = {}
  for i = 1, 100 do
    checks[i] = string.format('{"subject":"u%d","operation":"%s"}', (b * 100 + i) % users, ops[(i % #ops) + 1])
  end
  bodies[b] = '{"checks":[' .. table.concat(checks, ",") .. ']}'
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", path, headers, bodies[(n % #bodies) + 1])
end
