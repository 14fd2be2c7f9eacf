namespace RxRedis;

/// <summary>
/// The server answered a command with an error reply such as <c>WRONGTYPE Operation against a key holding the
/// wrong kind of value</c>. <see cref="Prefix"/> is the first word (<c>ERR</c>, <c>WRONGTYPE</c>, <c>LOADING</c>, ...).
/// </summary>
public class RedisServerException : RedisException
{
    /// <summary>Creates the error from the server's error text and the command it answered.</summary>
    public RedisServerException(string serverMessage, string? command = null)
        : base(Describe(serverMessage, command), CommandOutcome.Rejected)
    {
        ServerMessage = serverMessage;
        Command = command;
        var space = serverMessage.IndexOf(' ', StringComparison.Ordinal);
        Prefix = space < 0 ? serverMessage : serverMessage[..space];
    }

    /// <summary>The error's first word, e.g. <c>WRONGTYPE</c>; Redis uses it as the error kind.</summary>
    public string Prefix { get; }

    /// <summary>The whole error text as the server sent it.</summary>
    public string ServerMessage { get; }

    /// <summary>The name of the command the server rejected (never its arguments), when known.</summary>
    public string? Command { get; }

    private static string Describe(string serverMessage, string? command) =>
        command is null ? serverMessage : $"{serverMessage} (command {command})";
}
