using System.Net;
using System.Net.NetworkInformation;

namespace RxRedis.IntegrationTests.Notebooks;

/// <summary>
/// A test of what a notebook does when nothing answers on <c>localhost:6379</c> (it starts its own server): skipped,
/// with the reason, on a machine where something listens there, since the notebook would then use that instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LocalRedisPortFreeFactAttribute : FactAttribute
{
    private const int LocalRedisPort = 6379;

    public LocalRedisPortFreeFactAttribute()
    {
        var listening = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners()
            .Any(endPoint => endPoint.Port == LocalRedisPort && (IPAddress.IsLoopback(endPoint.Address) || endPoint.Address.Equals(IPAddress.Any) || endPoint.Address.Equals(IPAddress.IPv6Any)));
        if (listening)
        {
            Skip = $"something listens on port {LocalRedisPort}, so the notebook would connect to it instead of starting a server";
        }
    }
}
