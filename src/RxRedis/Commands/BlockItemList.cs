namespace RxRedis.Commands;

/// <summary>
/// The commands gathered by a batch or transaction before it runs, and its run-once guard: what
/// <see cref="RedisBatch"/> and <see cref="RedisTransaction"/> share while they are being built.
/// </summary>
internal sealed class BlockItemList(string kind)
{
    private readonly List<BlockItem> _items = [];
    private int _executed;

    public int Count => _items.Count;

    /// <summary>Adds a client command; its result observable replays once the block ran.</summary>
    public IObservable<T> Add<T>(IObservable<T> command, string paramName)
    {
        if (Volatile.Read(ref _executed) != 0)
        {
            throw new InvalidOperationException($"The {kind} was already executed.");
        }
        var item = BlockItem.From(command, paramName);
        _items.Add(item);
        return item.Result;
    }

    /// <summary>The rows of the commands gathered so far, in order.</summary>
    public IReadOnlyList<CommandInfo> Infos() => _items.ConvertAll(static i => i.Info);

    /// <summary>Claims the single run; the items are fixed from here on.</summary>
    public IReadOnlyList<BlockItem> Seal() => Interlocked.Exchange(ref _executed, 1) == 0
        ? _items
        : throw new InvalidOperationException($"A {kind} runs once; create another.");
}
