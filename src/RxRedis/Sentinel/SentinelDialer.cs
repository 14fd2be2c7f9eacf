using RxRedis.Resilience;
using RxRedis.Transport;

namespace RxRedis.Sentinel;

/// <summary>
/// The transport of the failover monitor's connection: it ignores the endpoint asked for and dials the sentinels,
/// starting after the one it used last. A sentinel that accepts connections but then fails the handshake or drops
/// the subscription therefore cannot hold the monitor: each reconnect tries the next one.
/// </summary>
internal sealed class SentinelDialer(IRedisTransport inner, SentinelList sentinels, RedisOptions client) : IRedisTransport
{
    private RedisEndPoint? _current;

    /// <summary>The sentinel dialled last, which the monitor listens to; null before the first connect.</summary>
    public RedisEndPoint? Current => Volatile.Read(ref _current);

    public async ValueTask<IRedisDuplexPipe> ConnectAsync(RedisEndPoint endPoint, CancellationToken cancellationToken)
    {
        var order = sentinels.Snapshot();
        var start = Current is { } last ? Array.IndexOf(order, last) + 1 : 0;
        var share = client.ConnectTimeout / order.Length;
        var failures = new List<string>(order.Length);
        for (var i = 0; i < order.Length; i++)
        {
            var sentinel = order[(start + i) % order.Length];
            using var timeout = SchedulerDelay.TimeoutSource(client.Scheduler, share, cancellationToken, out var timer);
            using (timer)
            {
                try
                {
                    var pipe = await inner.ConnectAsync(sentinel, timeout.Token).ConfigureAwait(false);
                    Volatile.Write(ref _current, sentinel);
                    return new ResolvedPipe(pipe, sentinel);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failures.Add($"{sentinel} did not accept within {share.TotalMilliseconds:0} ms");
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failures.Add($"{sentinel}: {e.Message}");
                }
            }
        }
        throw new RedisConnectionException($"No sentinel accepted a connection: {string.Join("; ", failures)}.", CommandOutcome.NotSent);
    }
}
