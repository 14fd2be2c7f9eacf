namespace RxRedis;

/// <summary>
/// The reply of <c>INFO</c> parsed into sections (https://redis.io/docs/latest/commands/info/): section name
/// (e.g. <c>Server</c>, <c>Memory</c>, <c>Keyspace</c>) to field to value, as text.
/// </summary>
public sealed class ServerInfo
{
    private ServerInfo(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> sections) => Sections = sections;

    /// <summary>Every section, by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Sections { get; }

    /// <summary>A field from any section (e.g. <c>redis_version</c>), or null.</summary>
    public string? this[string field]
    {
        get
        {
            foreach (var section in Sections.Values)
            {
                if (section.TryGetValue(field, out var value))
                {
                    return value;
                }
            }
            return null;
        }
    }

    /// <summary>Parses <c>INFO</c> text: <c># Section</c> headers followed by <c>field:value</c> lines.</summary>
    public static ServerInfo Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sections = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        Dictionary<string, string>? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith('#'))
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                sections[line.TrimStart('#', ' ')] = current;
            }
            else if (line.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
            {
                if (current is null)
                {
                    current = new Dictionary<string, string>(StringComparer.Ordinal);
                    sections[""] = current;
                }
                current[line[..colon]] = line[(colon + 1)..];
            }
        }
        return new ServerInfo(sections);
    }
}
