-- wrk script for `make load`: GET the paths listed in a file (one a line), in turn.
--   wrk -t2 -c64 -d60s --timeout 10s -s scripts/load.lua http://127.0.0.1:PORT -- paths.txt
-- Each thread starts at its own place in the list. done() prints "name value" lines that
-- scripts/bench_pages.py reads: requests, latency percentiles (microseconds) and errors.

local paths = {}
local counter = 0
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  counter = ((id or 0) * 7919) % #paths
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("duration_us %d\n", summary.duration))
  for _, p in ipairs({ 50, 95, 99 }) do
    io.write(string.format("p%d_us %d\n", p, latency:percentile(p)))
  end
  io.write(string.format("max_us %d\n", latency.max))
  io.write(string.format("errors_connect %d\n", e.connect))
  io.write(string.format("errors_read %d\n", e.read))
  io.write(string.format("errors_write %d\n", e.write))
  io.write(string.format("errors_timeout %d\n", e.timeout))
  io.write(string.format("errors_status %d\n", e.status))
end
