namespace RxRedis;

/// <summary>The server refused the configured credentials (<c>WRONGPASS</c>, <c>NOAUTH</c>, <c>NOPERM</c>) during the handshake.</summary>
public sealed class RedisAuthenticationException : RedisConnectionException
{
    /// <summary>Creates the error from the server's reply; the password is never part of the message.</summary>
    public RedisAuthenticationException(string serverMessage, string? user)
        : base($"Redis refused the credentials for user '{user ?? "default"}': {serverMessage}", CommandOutcome.NotSent) =>
        ServerMessage = serverMessage;

    /// <summary>The error text the server sent.</summary>
    public string ServerMessage { get; }
}
