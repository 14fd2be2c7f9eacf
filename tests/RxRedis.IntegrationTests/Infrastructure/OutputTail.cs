namespace RxRedis.IntegrationTests.Infrastructure;

/// <summary>
/// Keeps the last lines a process wrote, so a failed start can show why without letting a chatty server
/// grow memory for the whole test run.
/// </summary>
public sealed class OutputTail(int capacity = 200)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    public bool Contains(string text)
    {
        lock (_gate)
        {
            return _lines.Any(line => line.Contains(text, StringComparison.Ordinal));
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return string.Join('\n', _lines);
        }
    }
}
