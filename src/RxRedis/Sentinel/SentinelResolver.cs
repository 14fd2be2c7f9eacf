using Microsoft.Extensions.Logging;
using RxRedis.Connection;
using RxRedis.Diagnostics;
using RxRedis.Protocol;
using RxRedis.Resilience;
using RxRedis.Transport;

namespace RxRedis.Sentinel;

/// <summary>
/// Asks the sentinels, in order, where the service's primary (or a healthy replica) is; the first that answers wins
/// and moves to the front of the list. Each question runs on a short-lived connection of its own (connect,
/// handshake, one command), so there is no long-lived sentinel connection whose health a connect would depend on.
/// See https://redis.io/docs/latest/develop/reference/sentinel-clients/#step-1-connecting-to-the-first-sentinel.
/// </summary>
internal sealed class SentinelResolver
{
    private readonly IRedisTransport _transport;
    private readonly RedisOptions _client;
    private readonly RedisOptions _sentinelOptions;
    private readonly string _service;
    private readonly SentinelList _sentinels;
    private readonly ILogger? _logger;

    public SentinelResolver(IRedisTransport transport, RedisOptions client, SentinelList sentinels, ILogger? logger)
    {
        _transport = transport;
        _client = client;
        _service = client.Sentinel!.ServiceName!;
        _sentinels = sentinels;
        _logger = logger;
        _sentinelOptions = SentinelClientOptions.For(client, sentinels.Snapshot()[0]);
    }

    /// <summary>The node to connect to for <paramref name="role"/>.</summary>
    /// <exception cref="RedisConnectionException">No sentinel named one; the message says what each one answered.</exception>
    public async Task<RedisEndPoint> ResolveAsync(SentinelReadFrom role, CancellationToken cancellationToken)
    {
        var sentinels = _sentinels.Snapshot();
        // An equal share of the connect timeout each, so a sentinel that accepts and then hangs cannot use it all up.
        var share = _client.ConnectTimeout / sentinels.Length;
        var failures = new List<string>(sentinels.Length);
        foreach (var sentinel in sentinels)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var timeout = SchedulerDelay.TimeoutSource(_client.Scheduler, share, cancellationToken, out var timer);
            using (timer)
            {
                try
                {
                    var node = role == SentinelReadFrom.Primary
                        ? SentinelReplies.Address(await AskAsync(sentinel, "GET-MASTER-ADDR-BY-NAME", timeout.Token).ConfigureAwait(false))
                        : PickReplica(await AskAsync(sentinel, "REPLICAS", timeout.Token).ConfigureAwait(false));
                    if (node is not null)
                    {
                        _sentinels.Promote(sentinel);
                        if (_logger is { } logger)
                        {
                            RedisLog.SentinelResolved(logger, sentinel, node, role == SentinelReadFrom.Primary ? "primary" : "replica", _service);
                        }
                        return node;
                    }
                    failures.Add(role == SentinelReadFrom.Primary
                        ? $"{sentinel} does not monitor a service named '{_service}'"
                        : $"{sentinel} knows no replica of '{_service}' that is up with its link to the primary ok");
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failures.Add($"{sentinel} did not answer within {share.TotalMilliseconds:0} ms");
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failures.Add($"{sentinel}: {e.Message}");
                }
            }
        }
        throw new RedisConnectionException(
            $"No sentinel named the {Describe(role)} of '{_service}'. Asked {sentinels.Length}: {string.Join("; ", failures)}.",
            CommandOutcome.NotSent);
    }

    private static string Describe(SentinelReadFrom role) => role == SentinelReadFrom.Primary ? "primary" : "replica";

    private RedisEndPoint? PickReplica(in RespValue reply)
    {
        var replicas = SentinelReplies.HealthyReplicas(reply);
        // At random, so many clients spread their reads over the replicas.
        return replicas.Count == 0 ? null : replicas[_client.Random.Next(replicas.Count)];
    }

    private async Task<RespValue> AskAsync(RedisEndPoint sentinel, string question, CancellationToken cancellationToken)
    {
        using var pipe = await _transport.ConnectAsync(sentinel, cancellationToken).ConfigureAwait(false);
        var reader = new RespReader(_client.ReaderLimits);
        await Handshake.RunAsync(pipe, reader, _sentinelOptions, sentinel, cancellationToken).ConfigureAwait(false);
        var reply = await Handshake.RoundTripAsync(pipe, reader, ["SENTINEL", question, _service], cancellationToken).ConfigureAwait(false);
        return reply.IsError ? throw new RedisServerException(reply.AsString() ?? "", $"SENTINEL {question}") : reply;
    }
}
