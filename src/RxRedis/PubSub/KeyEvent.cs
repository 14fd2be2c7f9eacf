namespace RxRedis;

/// <summary>One keyspace notification: an operation on a key.</summary>
/// <param name="Key">The key the event happened to.</param>
/// <param name="Name">The event name as the server sent it, e.g. <c>set</c>, <c>expired</c>, <c>lpush</c>.</param>
/// <param name="Database">The database the key lives in.</param>
public sealed record KeyEvent(string Key, string Name, int Database)
{
    /// <summary>The event as an enum; <see cref="KeyEventKind.Other"/> for names not listed there.</summary>
    public KeyEventKind Kind => Name switch
    {
        "set" => KeyEventKind.Set,
        "del" => KeyEventKind.Del,
        "expire" => KeyEventKind.Expire,
        "expired" => KeyEventKind.Expired,
        "evicted" => KeyEventKind.Evicted,
        "persist" => KeyEventKind.Persist,
        "rename_from" => KeyEventKind.RenameFrom,
        "rename_to" => KeyEventKind.RenameTo,
        "new" => KeyEventKind.New,
        _ => KeyEventKind.Other,
    };
}
