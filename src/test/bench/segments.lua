-- wrk script for the segment-serving figure: requests cycle through the URL paths listed in the file named by the
-- first script argument (one path for the single-segment case), each thread from its own offset; done() prints one
-- line that bench.sh reads: requests/s, p99 latency in ms, requests, and the count of errors of any kind.
local threads = 0
local paths = {}
local next_path = 0

function setup(thread)
   thread:set("first", threads * 389)
   threads = threads + 1
end

function init(args)
   for line in io.lines(args[1]) do
      paths[#paths + 1] = line
   end
   next_path = first or 0
end

function request()
   next_path = next_path + 1
   return wrk.format("GET", paths[next_path % #paths + 1])
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format("result %.1f %.3f %d %d\n", summary.requests / (summary.duration / 1e6),
      latency:percentile(99) / 1000, summary.requests, e.connect + e.read + e.write + e.status + e.timeout))
end
