using System.Diagnostics;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RxRedis.Extensions;

/// <summary>
/// Healthy when the server answers <c>PING</c> within the timeout (connecting first if the client has not yet);
/// Unhealthy at once, without a PING, while the connected client knows its connection is down.
/// Descriptions name the endpoint and the reason, never the password (RxRedis messages never contain one).
/// </summary>
internal sealed class RxRedisHealthCheck(RedisClientProvider provider, TimeSpan timeout) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var client = await provider.GetClientAsync(deadline.Token).ConfigureAwait(false);
            if (ConnectionStateCheck.WhyDown(client) is { } down)
            {
                // The client knows it is down: say so now rather than queue a PING that waits out the timeout.
                return new HealthCheckResult(context.Registration.FailureStatus, $"Redis is unavailable: {down}");
            }
            var reply = await client.Execute("PING").ToTask(deadline.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy(
                $"Redis at {client.Options.EndPoint} answered PING ({reply.AsString()}) in {started.Elapsed.TotalMilliseconds:0} ms.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"Redis did not answer PING within {timeout.TotalMilliseconds:0} ms.");
        }
        catch (RedisException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis is unavailable: {e.Message}", e);
        }
    }
}
