namespace RxRedis;

/// <summary>The outcome of one item of a bulk operation.</summary>
/// <typeparam name="TIn">The input item.</typeparam>
/// <typeparam name="TOut">The command's result.</typeparam>
/// <param name="Index">The item's position in the input (0-based).</param>
/// <param name="Input">The input item, so a failure can be traced to its data.</param>
/// <param name="Value">The result when <see cref="Error"/> is null, else default.</param>
/// <param name="Error">The server's error (e.g. WRONGTYPE) or a connection error for this item, or null.</param>
public readonly record struct BulkResult<TIn, TOut>(long Index, TIn Input, TOut Value, Exception? Error)
{
    /// <summary>True when the command succeeded.</summary>
    public bool IsSuccess => Error is null;
}
