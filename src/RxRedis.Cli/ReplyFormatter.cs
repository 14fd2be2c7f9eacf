using System.Globalization;
using System.Text;
using RxRedis.Protocol;
using Spectre.Console;

namespace RxRedis.Cli;

/// <summary>Renders a raw reply the way <c>redis-cli</c> does, as Spectre markup: errors red, nesting numbered.</summary>
internal static class ReplyFormatter
{
    /// <summary>The reply as markup lines.</summary>
    public static string ToMarkup(RespValue reply)
    {
        var text = new StringBuilder();
        Append(text, reply, indent: "");
        return text.ToString().TrimEnd('\n');
    }

    private static void Append(StringBuilder text, RespValue reply, string indent)
    {
        switch (reply.Type)
        {
            case RespType.Array or RespType.Set or RespType.Push:
                AppendItems(text, reply, indent, i => $"{i + 1}) ");
                break;
            case RespType.Map or RespType.Attribute:
                AppendPairs(text, reply, indent);
                break;
            default:
                text.Append(Scalar(reply)).Append('\n');
                break;
        }
    }

    private static void AppendItems(StringBuilder text, RespValue reply, string indent, Func<int, string> label)
    {
        var items = reply.Items;
        if (items.Length == 0)
        {
            text.Append(reply.IsNull ? "[grey](nil)[/]" : "[grey](empty array)[/]").Append('\n');
            return;
        }
        for (var i = 0; i < items.Length; i++)
        {
            var prefix = label(i);
            if (i > 0)
            {
                text.Append(indent);
            }
            text.Append("[grey]").Append(prefix).Append("[/]");
            Append(text, items[i], indent + new string(' ', prefix.Length));
        }
    }

    // One "n# key => value" line per entry, as redis-cli prints RESP3 maps.
    private static void AppendPairs(StringBuilder text, RespValue reply, string indent)
    {
        var items = reply.Items;
        if (items.Length == 0)
        {
            text.Append("[grey](empty hash)[/]").Append('\n');
            return;
        }
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            var prefix = $"{i / 2 + 1}# ";
            if (i > 0)
            {
                text.Append(indent);
            }
            var key = items[i].Items.Length > 0 ? "[grey](aggregate key)[/]" : Scalar(items[i]);
            text.Append("[grey]").Append(prefix).Append("[/]").Append(key).Append(" => ");
            Append(text, items[i + 1], indent + new string(' ', prefix.Length));
        }
    }

    private static string Scalar(RespValue reply) => reply.Type switch
    {
        RespType.Null => "[grey](nil)[/]",
        RespType.SimpleError or RespType.BulkError => $"[red](error) {Markup.Escape(reply.AsString() ?? "")}[/]",
        RespType.Integer => $"[blue](integer)[/] {reply.AsInt64().ToString(CultureInfo.InvariantCulture)}",
        RespType.Double => $"[blue](double)[/] {reply.AsDouble().ToString("R", CultureInfo.InvariantCulture)}",
        RespType.Boolean => reply.AsBoolean() ? "[blue](true)[/]" : "[blue](false)[/]",
        RespType.BigNumber => $"[blue](big number)[/] {Markup.Escape(reply.AsString() ?? "")}",
        RespType.BulkString => reply.IsNull ? "[grey](nil)[/]" : $"[green]{Markup.Escape(Quote(reply.AsString() ?? ""))}[/]",
        _ => Markup.Escape(reply.AsString() ?? ""),
    };

    // Like redis-cli: quoted, with control characters escaped so binary values stay on one line.
    private static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }
}
