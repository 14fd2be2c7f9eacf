using Microsoft.AspNetCore.SignalR;

namespace RxRedis.SignalR.Internal;

/// <summary>Tells a hub protocol, parsing a forwarded completion, the result type the waiting caller expects.</summary>
internal sealed class ResultBinder(ClientResults results) : IInvocationBinder
{
    public Type GetReturnType(string invocationId) =>
        results.TryGetReturnType(invocationId, out var type) ? type : typeof(object);

    public IReadOnlyList<Type> GetParameterTypes(string methodName) =>
        throw new NotSupportedException("The backplane parses only completions.");

    public Type GetStreamItemType(string streamId) =>
        throw new NotSupportedException("The backplane parses only completions.");
}
