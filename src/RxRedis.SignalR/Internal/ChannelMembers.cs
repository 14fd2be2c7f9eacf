namespace RxRedis.SignalR.Internal;

/// <summary>
/// The local members of each group (or user) channel. The first member makes the server subscribe to the channel;
/// the last one leaving unsubscribes. A message arriving on the channel is read once and copied to the members.
/// </summary>
internal sealed class ChannelMembers
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Func<string, Func<LocalConnection[]>, BackplaneSubscription> _subscribe;

    /// <param name="subscribe">Subscribes to a channel whose messages go to the members the function returns at each message.</param>
    public ChannelMembers(Func<string, Func<LocalConnection[]>, BackplaneSubscription> subscribe) => _subscribe = subscribe;

    /// <summary>Adds a member; completes when the server has confirmed the channel's subscription.</summary>
    public Task AddAsync(string channel, LocalConnection member)
    {
        lock (_entries)
        {
            if (!_entries.TryGetValue(channel, out var entry))
            {
                entry = new Entry();
                var members = entry;
                entry.Subscription = _subscribe(channel, () => Volatile.Read(ref members.Snapshot));
                _entries.Add(channel, entry);
            }
            if (entry.Members.Add(member))
            {
                Volatile.Write(ref entry.Snapshot, [.. entry.Members]);
            }
            return entry.Subscription!.Ready;
        }
    }

    public void Remove(string channel, LocalConnection member)
    {
        BackplaneSubscription? unsubscribe = null;
        lock (_entries)
        {
            if (!_entries.TryGetValue(channel, out var entry) || !entry.Members.Remove(member))
            {
                return;
            }
            Volatile.Write(ref entry.Snapshot, [.. entry.Members]);
            if (entry.Members.Count == 0)
            {
                _entries.Remove(channel);
                unsubscribe = entry.Subscription;
            }
        }
        unsubscribe?.Dispose();
    }

    private sealed class Entry
    {
        public readonly HashSet<LocalConnection> Members = [];
        public LocalConnection[] Snapshot = [];
        public BackplaneSubscription? Subscription;
    }
}
