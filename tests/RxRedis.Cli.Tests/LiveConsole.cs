using System.Text;
using Spectre.Console;

namespace RxRedis.Cli.Tests;

/// <summary>
/// A plain-text console whose output can be read while a long-running command (subscribe, monitor) still writes
/// to it from another thread; <c>TestConsole.Output</c> is not safe to read then.
/// </summary>
internal sealed class LiveConsole : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    public LiveConsole()
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(this),
        });
        Console.Profile.Width = 200;
    }

    public IAnsiConsole Console { get; }

    public override Encoding Encoding => Encoding.UTF8;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    public override void Write(char value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    /// <summary>Waits (bounded, real time) until the output contains <paramref name="expected"/>.</summary>
    public async Task WaitForAsync(string expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!Output.Contains(expected, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for '{expected}' in:\n{Output}");
            await Task.Delay(20);
        }
    }
}
