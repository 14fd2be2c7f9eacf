using System.Text.Json;

namespace RxRedis.IntegrationTests.Notebooks;

/// <summary>Reads the plain-text outputs of an executed notebook, cell by cell.</summary>
internal static class NotebookOutputs
{
    /// <summary>Every <c>text/plain</c> output and stream text, in cell order.</summary>
    public static IReadOnlyList<string> Text(string executedNotebookPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(executedNotebookPath));
        var texts = new List<string>();
        foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (!cell.TryGetProperty("outputs", out var outputs))
            {
                continue;
            }
            foreach (var output in outputs.EnumerateArray())
            {
                if (output.TryGetProperty("data", out var data) && data.TryGetProperty("text/plain", out var plain))
                {
                    texts.Add(Join(plain));
                }
                else if (output.TryGetProperty("text", out var text))
                {
                    texts.Add(Join(text));
                }
            }
        }
        return texts;
    }

    private static string Join(JsonElement text) => text.ValueKind == JsonValueKind.Array
        ? string.Concat(text.EnumerateArray().Select(line => line.GetString()))
        : text.GetString() ?? "";
}
