-- GET /q/health/live: the service's cheapest endpoint, the baseline of the ratio.
dofile(os.getenv("RG_BENCH_DIR") .. "/common.lua")
