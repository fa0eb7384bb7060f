-- wrk script: rotates the queries of scripts/bench-queries.txt over /api/search (or the page at
-- BENCH_PATH=/), top 10 with snippets and facets.
local queries = {}
local path = os.getenv("BENCH_PATH") or "/api/search"
for line in io.lines(os.getenv("BENCH_QUERIES") or "scripts/bench-queries.txt") do
  if #line > 0 then
    queries[#queries + 1] = line:gsub("([^%w%-%.%_%~])", function(c) return string.format("%%%02X", string.byte(c)) end)
  end
end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", path .. "?limit=10&q=" .. queries[(counter % #queries) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("requests/s %.0f  p50 %.1f ms  p99 %.1f ms  errors %d (status %d, timeout %d)\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status,
    summary.errors.status, summary.errors.timeout))
end
