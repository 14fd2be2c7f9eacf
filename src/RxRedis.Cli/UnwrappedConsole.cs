using Spectre.Console;
using Spectre.Console.Rendering;

namespace RxRedis.Cli;

/// <summary>
/// The console for a stdout that is not a terminal (a pipe or a file): text is not wrapped at the console width, so
/// one reply is one line for <c>grep</c>, <c>cut</c> and friends (issue 14: a 200-character value came out as three
/// lines at the 80 columns Spectre assumes without a terminal). Rules and tables still take the assumed width.
/// </summary>
internal sealed class UnwrappedConsole(IAnsiConsole inner) : IAnsiConsole
{
    // Lines longer than this (16 Mi characters) still wrap; Spectre needs a finite width.
    private const int LineLimit = 1 << 24;

    public Profile Profile => inner.Profile;

    public IAnsiConsoleCursor Cursor => inner.Cursor;

    public IAnsiConsoleInput Input => inner.Input;

    public IExclusivityMode ExclusivityMode => inner.ExclusivityMode;

    public RenderPipeline Pipeline => inner.Pipeline;

    public void Clear(bool home) => inner.Clear(home);

    public void Write(IRenderable renderable) =>
        inner.Write(renderable is Rule or Table ? renderable : new Unwrapped(renderable));

    public void WriteAnsi(Action<AnsiWriter> action) => inner.WriteAnsi(action);

    private sealed class Unwrapped(IRenderable text) : IRenderable
    {
        public Measurement Measure(RenderOptions options, int maxWidth) => text.Measure(options, LineLimit);

        public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) => text.Render(options, LineLimit);
    }
}
