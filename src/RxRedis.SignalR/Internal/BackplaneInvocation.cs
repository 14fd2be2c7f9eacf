using Microsoft.AspNetCore.SignalR;

namespace RxRedis.SignalR.Internal;

/// <summary>A hub message as it crosses the backplane.</summary>
/// <param name="Message">The message, serialized once per protocol.</param>
/// <param name="ExcludedConnectionIds">Connections that must not receive it (<c>AllExcept</c>, <c>GroupExcept</c>), or null.</param>
/// <param name="InvocationId">For a client-result invocation, its id; otherwise null.</param>
/// <param name="ReturnServer">For a client-result invocation, the server waiting for the result; otherwise null.</param>
internal sealed record BackplaneInvocation(
    SerializedHubMessage Message, IReadOnlyList<string>? ExcludedConnectionIds, string? InvocationId = null, string? ReturnServer = null)
{
    public bool Excludes(string connectionId) => ExcludedConnectionIds?.Contains(connectionId) == true;
}
