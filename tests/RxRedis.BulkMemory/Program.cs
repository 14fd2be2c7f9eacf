// Measures the bulk path: N SETs then N GETs through RedisClient.BulkSet/BulkGet against a running server, and
// reports throughput, bytes allocated per item and the process's peak working set. Keys and values are integers,
// which RedisKey/RedisValue hold without allocating, so the allocation figure is the client's own.
using System.Diagnostics;
using System.Globalization;
using System.Reactive.Linq;
using RxRedis;

var endpoint = args.Length > 0 ? args[0] : "127.0.0.1:6379";
var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000_000;
await using var client = await RedisClient.ConnectAsync(endpoint);

var options = new BulkOptions { Results = BulkResults.ErrorsOnly };
var clock = Stopwatch.StartNew();
var allocated = GC.GetTotalAllocatedBytes(precise: true);
var failures = 0;
await client.BulkSet(Enumerable.Range(0, count).Select(i => new KeyValuePair<RedisKey, RedisValue>(i, i)), options)
    .Do(_ => failures++)
    .LastOrDefaultAsync();
Report("SET", clock.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated, failures);

clock.Restart();
allocated = GC.GetTotalAllocatedBytes(precise: true);
long next = 0, wrong = 0;
await client.BulkGet(Enumerable.Range(0, count).Select(i => (RedisKey)i))
    .Do(r =>
    {
        if (r.Index != next++ || r.Value.ToInt64() != r.Index)
        {
            wrong++;
        }
    })
    .LastOrDefaultAsync();
Report("GET", clock.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated, (int)wrong);

void Report(string what, TimeSpan elapsed, long bytes, int errors)
{
    using var self = Process.GetCurrentProcess();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what}: {count:N0} in {elapsed.TotalSeconds:F2} s = {count / elapsed.TotalSeconds:N0} ops/s; allocated {bytes / (double)count:F1} B/item; errors {errors}; peak working set {self.PeakWorkingSet64 / 1048576.0:F0} MiB; GC gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}"));
}
