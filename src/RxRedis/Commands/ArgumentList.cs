namespace RxRedis.Commands;

/// <summary>
/// Collects a command's arguments for families with optional clauses, checking each key and value as it is added
/// so a bad argument throws at the call (see <see cref="Arguments"/>).
/// </summary>
internal sealed class ArgumentList
{
    private readonly List<RedisValue> _items;

    public ArgumentList(int capacity = 4) => _items = new List<RedisValue>(capacity);

    public int Count => _items.Count;

    public ArgumentList Key(RedisKey key, string name)
    {
        _items.Add(Arguments.Key(key, name));
        return this;
    }

    public ArgumentList Keys(RedisKey[] keys, string name)
    {
        _items.AddRange(Arguments.Keys(keys, name));
        return this;
    }

    /// <summary><c>numkeys key [key ...]</c>, as LMPOP, ZUNION, EVAL and friends take them.</summary>
    public ArgumentList CountedKeys(RedisKey[] keys, string name)
    {
        var values = Arguments.Keys(keys, name);
        _items.Add(values.Length);
        _items.AddRange(values);
        return this;
    }

    public ArgumentList Value(RedisValue value, string name)
    {
        _items.Add(Arguments.Value(value, name));
        return this;
    }

    public ArgumentList Values(RedisValue[] values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Length == 0)
        {
            throw new ArgumentException("At least one value is required.", name);
        }
        foreach (var value in values)
        {
            _items.Add(Arguments.Value(value, name));
        }
        return this;
    }

    /// <summary>Adds a literal (a clause keyword or a number the method produced itself).</summary>
    public ArgumentList Add(RedisValue literal)
    {
        _items.Add(literal);
        return this;
    }

    public ArgumentList AddIf(bool condition, RedisValue literal) => condition ? Add(literal) : this;

    public ArgumentList AddIf(bool condition, RedisValue keyword, RedisValue value) => condition ? Add(keyword).Add(value) : this;

    public RedisValue[] ToArray() => [.. _items];
}
