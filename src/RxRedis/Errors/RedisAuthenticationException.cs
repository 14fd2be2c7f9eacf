namespace RxRedis;

/// <summary>
/// The server refused the configured credentials (<c>WRONGPASS</c>, <c>NOAUTH</c>, <c>NOPERM</c>) during the handshake,
/// or asked for credentials when none were configured.
/// </summary>
public sealed class RedisAuthenticationException : RedisConnectionException
{
    /// <summary>Creates the error from the server's reply; the password is never part of the message.</summary>
    public RedisAuthenticationException(string serverMessage, string? user)
        : base($"Redis refused the credentials for user '{user ?? "default"}': {serverMessage}", CommandOutcome.NotSent) =>
        ServerMessage = serverMessage;

    private RedisAuthenticationException(string message, string serverMessage, CommandOutcome outcome)
        : base(message, outcome) =>
        ServerMessage = serverMessage;

    /// <summary>The server wants credentials and none are configured: nothing was refused, so the message says what is missing.</summary>
    internal static RedisAuthenticationException NoCredentials(RedisEndPoint endPoint, string serverMessage) => new(
        $"{endPoint} requires authentication and no password is configured: set RedisOptions.Password (and User, for an ACL user), "
        + $"or password= in the connection string. Server said: {serverMessage}", serverMessage, CommandOutcome.NotSent);

    /// <summary>The error text the server sent.</summary>
    public string ServerMessage { get; }
}
