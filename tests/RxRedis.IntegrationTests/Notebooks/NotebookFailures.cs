using System.Text.Json;

namespace RxRedis.IntegrationTests.Notebooks;

/// <summary>Reads an executed notebook and describes each cell that produced an error output.</summary>
internal static class NotebookFailures
{
    /// <summary>One entry per failing code cell: its number, the start of its source, and the error text.</summary>
    public static IReadOnlyList<string> Read(string executedNotebookPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(executedNotebookPath));
        var failures = new List<string>();
        var cellNumber = 0;
        foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            cellNumber++;
            if (!cell.TryGetProperty("outputs", out var outputs))
            {
                continue;
            }
            foreach (var output in outputs.EnumerateArray())
            {
                if (output.GetProperty("output_type").GetString() == "error")
                {
                    failures.Add($"cell {cellNumber} ({FirstLine(cell)}):\n{ErrorText(output)}");
                }
            }
        }
        return failures;
    }

    private static string FirstLine(JsonElement cell)
    {
        var source = cell.GetProperty("source");
        var text = source.ValueKind == JsonValueKind.Array
            ? string.Concat(source.EnumerateArray().Select(line => line.GetString()))
            : source.GetString() ?? "";
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
    }

    private static string ErrorText(JsonElement output) =>
        output.TryGetProperty("evalue", out var value) ? value.GetString() ?? "" : output.GetRawText();
}
