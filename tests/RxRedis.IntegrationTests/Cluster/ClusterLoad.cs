using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reactive.Threading.Tasks;
using RxRedis.Cluster;

namespace RxRedis.IntegrationTests.Cluster;

/// <summary>
/// A write/read load for cluster tests. Independent lanes (workers x in-flight window) each own a share of the
/// keys and loop <c>SET key unique-value</c> then <c>GET key</c>, so many commands are in flight on every node
/// connection at once. It records every command's end (when, which key, which error), the last acknowledged
/// value of each key, and the value of a <c>SET</c> that failed after it (its outcome is unknown: it may have
/// been applied), so reads can be checked and writes lost after acknowledgement can be counted.
/// </summary>
internal sealed class ClusterLoad
{
    private readonly RedisClient _client;
    private readonly string[] _keys;
    private readonly string?[] _acked;
    private readonly string?[] _unsure;
    private readonly ConcurrentQueue<Event>[] _events; // one per lane; read while the lanes run
    private readonly Stopwatch _clock = new();
    private long _operations;
    private long _staleReads;

    public ClusterLoad(RedisClient client, string[] keys, int workers, int window)
    {
        _client = client;
        _keys = keys;
        _acked = new string?[keys.Length];
        _unsure = new string?[keys.Length];
        _events = [.. Enumerable.Range(0, workers * window).Select(_ => new ConcurrentQueue<Event>())];
    }

    /// <summary>One command's end, timed from the start of the run; <see cref="Error"/> is null on success.</summary>
    public readonly record struct Event(TimeSpan At, int Key, bool IsWrite, string? Error);

    public long Operations => Interlocked.Read(ref _operations);

    /// <summary>Reads that returned neither the last acknowledged value nor an unconfirmed later write.</summary>
    public long StaleReads => Interlocked.Read(ref _staleReads);

    /// <summary>Time since the run started (the events' clock).</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public IEnumerable<Event> Events => _events.SelectMany(e => e);

    public IReadOnlyList<Event> Failures => [.. Events.Where(e => e.Error is not null)];

    /// <summary>Keys whose acknowledged write was not found by <see cref="VerifyAsync"/>.</summary>
    public IReadOnlyList<string> LostWrites { get; private set; } = [];

    /// <summary>
    /// <paramref name="count"/> keys named <paramref name="prefix"/>n, half of them hashing into <paramref name="hotSlots"/>
    /// (interleaved with the others), so a change to those slots meets a good share of the load.
    /// </summary>
    public static string[] Keys(string prefix, int count, IReadOnlySet<int> hotSlots)
    {
        var hot = new List<string>();
        var cold = new List<string>();
        for (var i = 0; hot.Count < count / 2 || cold.Count < count - count / 2; i++)
        {
            var key = prefix + i;
            var list = hotSlots.Contains(HashSlot.Of(key)) ? hot : cold;
            if (list.Count < (list == hot ? count / 2 : count - count / 2))
            {
                list.Add(key);
            }
        }
        return [.. hot.Zip(cold, (h, c) => new[] { h, c }).SelectMany(p => p), .. cold.Skip(hot.Count)];
    }

    /// <summary>Runs every lane until <paramref name="until"/> says stop (checked after each command).</summary>
    public Task RunAsync(Func<bool> until)
    {
        _clock.Start();
        return Task.WhenAll(_events.Select((events, lane) => Task.Run(() => RunLaneAsync(lane, events, until))));
    }

    private async Task RunLaneAsync(int lane, ConcurrentQueue<Event> events, Func<bool> until)
    {
        var lanes = _events.Length;
        for (var round = 0; !until(); round++)
        {
            for (var key = lane; key < _keys.Length && !until(); key += lanes)
            {
                var value = $"{lane}:{round}";
                try
                {
                    await _client.Set(_keys[key], value);
                    _acked[key] = value;
                    _unsure[key] = null;
                    events.Enqueue(new Event(_clock.Elapsed, key, IsWrite: true, null));
                }
                catch (Exception e)
                {
                    _unsure[key] = value;
                    events.Enqueue(new Event(_clock.Elapsed, key, IsWrite: true, Describe(e)));
                }
                Interlocked.Increment(ref _operations);
                try
                {
                    var read = (await _client.Get(_keys[key])).ToString();
                    Check(key, read);
                    events.Enqueue(new Event(_clock.Elapsed, key, IsWrite: false, null));
                }
                catch (Exception e)
                {
                    events.Enqueue(new Event(_clock.Elapsed, key, IsWrite: false, Describe(e)));
                }
                Interlocked.Increment(ref _operations);
            }
        }
    }

    // Only this lane writes the key, so a read sees its last acknowledged write, or a later one whose reply was lost.
    private bool Check(int key, string? read)
    {
        if (read is not null && read == _unsure[key])
        {
            _acked[key] = read;
            _unsure[key] = null;
            return true;
        }
        if (read == _acked[key])
        {
            return true;
        }
        Interlocked.Increment(ref _staleReads);
        return false;
    }

    /// <summary>Reads every key back; returns how many hold their last acknowledged value (or a later unconfirmed one).</summary>
    public async Task<int> VerifyAsync()
    {
        var lost = new ConcurrentBag<string>();
        var matched = 0;
        foreach (var chunk in Enumerable.Range(0, _keys.Length).Chunk(256))
        {
            var reads = await Task.WhenAll(chunk.Select(k => _client.Get(_keys[k]).ToTask()));
            for (var i = 0; i < chunk.Length; i++)
            {
                var key = chunk[i];
                var read = reads[i].ToString();
                if (_acked[key] is null && _unsure[key] is null)
                {
                    continue; // never written
                }
                if (read == _acked[key] || (read is not null && read == _unsure[key]))
                {
                    matched++;
                }
                else if (_acked[key] is not null)
                {
                    lost.Add($"{_keys[key]}: acked {_acked[key]}, read {read ?? "(nil)"}");
                }
            }
        }
        LostWrites = [.. lost];
        return matched;
    }

    /// <summary>Failures grouped by kind, e.g. "RedisServerException CLUSTERDOWN: 12".</summary>
    public string DescribeFailures() =>
        string.Join(", ", Failures.GroupBy(f => f.Error).OrderByDescending(g => g.Count()).Select(g => $"{g.Key}: {g.Count()}"));

    /// <summary>An error as its kind: type, and the prefix of a server error or the outcome of a client one.</summary>
    public static string Describe(Exception e) => e switch
    {
        RedisServerException server => $"{e.GetType().Name} {server.Prefix}",
        RedisException redis => $"{e.GetType().Name} ({redis.Outcome})",
        _ => e.GetType().Name,
    };
}
