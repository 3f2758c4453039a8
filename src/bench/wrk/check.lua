-- POST /v1/accounts/{account}/check with varied subjects and operations (allowed and denied).
-- Environment: RG_ACCOUNT, RG_TOKEN, RG_USERS (number of seeded users u0..uN-1).
dofile(os.getenv("RG_BENCH_DIR") .. "/common.lua")
local account = os.getenv("RG_ACCOUNT")
local users = tonumber(os.getenv("RG_USERS"))
local ops = {"report.open", "report.rename", "dashboard.view", "billing.cancel", "report.share_to_slack", "data.export_csv"}
local path = "/v1/accounts/" .. account .. "/check"
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("RG_TOKEN")}
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"subject":"u%d","operation":"%s"}', n % users, ops[(n % #ops) + 1])
  return wrk.format("POST", path, headers, body)
end
