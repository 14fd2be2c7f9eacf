namespace RxRedis;

/// <summary>What is known about a failed command's effect on the server.</summary>
public enum CommandOutcome
{
    /// <summary>The command never left the client: the server did not see it, so sending it again is safe.</summary>
    NotSent,
    /// <summary>The command was written but no reply came (connection lost, timeout): it may or may not have run.</summary>
    Unknown,
    /// <summary>The server answered with an error: the command was received and did not succeed.</summary>
    Rejected,
}
