namespace RxRedis.Diagnostics;

/// <summary>How one observed command ended, as the <c>rxredis.outcome</c> metric attribute says it.</summary>
internal enum CommandResult
{
    /// <summary>It completed (<c>ok</c>).</summary>
    Ok,
    /// <summary>It failed (<c>error</c>).</summary>
    Error,
    /// <summary>Its subscriber disposed it before it ended (<c>cancelled</c>).</summary>
    Cancelled,
}
