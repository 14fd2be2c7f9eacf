using System.Diagnostics;
using System.Text;

namespace RxRedis.IntegrationTests.Notebooks;

/// <summary>Runs a command-line tool to completion with a time limit, capturing its output.</summary>
internal static class ToolProcess
{
    /// <summary>The exit code and the interleaved stdout and stderr text.</summary>
    public sealed record Result(int ExitCode, string Output);

    /// <summary>
    /// Runs <paramref name="fileName"/>; kills its process tree and throws <see cref="TimeoutException"/> after
    /// <paramref name="timeout"/>. A null value in <paramref name="environment"/> removes that variable.
    /// </summary>
    public static async Task<Result> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // a tool that prompts reads end-of-file instead of hanging
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        void Append(object? sender, DataReceivedEventArgs e)
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        }
        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}:\n{Text()}");
        }
        process.WaitForExit(); // drains the redirected streams
        return new Result(process.ExitCode, Text());

        string Text()
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }
}
