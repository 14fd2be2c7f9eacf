using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RxRedis.AspNetCore.OutputCaching;

/// <summary>
/// Runs <see cref="RxRedisOutputCacheStore.CollectGarbageAsync"/> every
/// <see cref="RxRedisOutputCacheOptions.GarbageCollectionInterval"/>; a failed sweep is logged and the next one runs.
/// </summary>
internal sealed partial class OutputCacheGarbageCollector(
    RxRedisOutputCacheStore store,
    IOptions<RxRedisOutputCacheOptions> options,
    ILogger<OutputCacheGarbageCollector> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.GarbageCollectionInterval is not { } interval)
        {
            return;
        }
        using var timer = new PeriodicTimer(interval, options.Value.TimeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await store.CollectGarbageAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                SweepFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The output cache's sweep of expired tag entries failed; the next sweep will try again.")]
    private static partial void SweepFailed(ILogger logger, Exception exception);
}
