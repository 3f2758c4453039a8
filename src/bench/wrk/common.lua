-- Shared by the wrk scripts: report p50/p99/p99.9 in microseconds in one parsable line.
function done(summary, latency, requests)
  io.write(string.format("RESULT requests_per_sec=%.0f p50_us=%d p99_us=%d p999_us=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
