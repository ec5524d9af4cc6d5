-- wrk reporter for benchmarks/throughput.py: one JSON line with requests, errors and latency percentiles (us).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nJSON {"requests":%d,"duration_us":%d,"bytes":%d,"p50":%d,"p95":%d,"p99":%d,"max":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
