namespace RxRedis.LocalServer;

/// <summary>
/// A Redis server on this machine for the <c>rxredis demo</c> and the notebooks, so they run with nothing but the
/// .NET SDK (issue 16): the one answering on <c>localhost:6379</c>, else a throwaway <c>redis-server</c> from PATH on
/// a free loopback port, else Microsoft Garnet inside this process. A server started here stops on dispose.
/// </summary>
public sealed class LocalRedis : IAsyncDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    private readonly IThrowawayServer? _started;

    private LocalRedis(RedisEndPoint endPoint, IThrowawayServer? started)
    {
        EndPoint = endPoint;
        _started = started;
    }

    /// <summary>Where the server listens; connect with <c>RedisClient.ConnectAsync(local.EndPoint.ToString())</c> or put it in <see cref="RedisOptions.EndPoint"/>.</summary>
    public RedisEndPoint EndPoint { get; }

    /// <summary>True when this started the server (it stops on dispose); false when one already answered on <c>localhost:6379</c>.</summary>
    public bool StartedHere => _started is not null;

    /// <summary>What the server is, for messages: "the server on localhost:6379", "redis-server (pid 42)", "Garnet, in this process".</summary>
    public string Description => _started?.Description ?? $"the server on {EndPoint}";

    /// <summary>Finds or starts a server as described on <see cref="LocalRedis"/>; it accepts connections when this returns.</summary>
    /// <exception cref="InvalidOperationException">The throwaway server did not start (the message says why).</exception>
    public static Task<LocalRedis> FindOrStartAsync(CancellationToken cancellationToken = default) =>
        FindOrStartAsync(RedisEndPoint.Tcp("localhost"), ThrowawayRedisServer.FindExecutable, cancellationToken);

    /// <summary>The same with the probed endpoint and the redis-server lookup given, for tests.</summary>
    internal static async Task<LocalRedis> FindOrStartAsync(
        RedisEndPoint probe, Func<string?> findRedisServer, CancellationToken cancellationToken)
    {
        if (await AnswersAsync(probe, cancellationToken).ConfigureAwait(false))
        {
            return new LocalRedis(probe, started: null);
        }
        IThrowawayServer server = findRedisServer() is { } executable
            ? await ThrowawayRedisServer.StartAsync(executable, cancellationToken).ConfigureAwait(false)
            : EmbeddedGarnetServer.Start(); // no redis-server installed: Garnet needs only the .NET runtime
        return new LocalRedis(RedisEndPoint.Tcp("127.0.0.1", server.Port), server);
    }

    /// <summary>Stops the server if this started it; a server that was already running is left alone.</summary>
    public ValueTask DisposeAsync() => _started?.DisposeAsync() ?? ValueTask.CompletedTask;

    // A full handshake, not a bare TCP connect: something else listening on 6379 is not a Redis server.
    private static async Task<bool> AnswersAsync(RedisEndPoint probe, CancellationToken cancellationToken)
    {
        try
        {
            var options = new RedisOptions { EndPoint = probe, ConnectTimeout = ProbeTimeout };
            var client = await RedisClient.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            await client.DisposeAsync().ConfigureAwait(false);
            return true;
        }
        catch (RedisConnectionException)
        {
            return false;
        }
    }
}
