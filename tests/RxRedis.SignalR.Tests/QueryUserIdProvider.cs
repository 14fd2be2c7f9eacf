using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;

namespace RxRedis.SignalR.Tests;

/// <summary>Takes the user id from the <c>user</c> query parameter, so tests need no authentication.</summary>
internal sealed class QueryUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) =>
        connection.GetHttpContext()?.Request.Query["user"].FirstOrDefault();
}
