using RxRedis.Commands;
using RxRedis.IntegrationTests.Infrastructure;
using RxRedis.Protocol;
using Xunit.Abstractions;

namespace RxRedis.IntegrationTests.Commands;

/// <summary>
/// Checks every <see cref="CommandTable"/> row against what the server says of the command (issue 12):
/// <c>COMMAND INFO</c> gives the first key, last key and step that cluster routing uses, and the <c>readonly</c> and
/// <c>write</c> flags that decide replica reads and retry safety
/// (https://redis.io/docs/latest/commands/command-info/). A row whose keys follow a count or a keyword must be one the
/// server calls <c>movablekeys</c>. Rows for commands this server does not know (newer than it) are listed, not failed.
/// </summary>
[Collection(RedisCollectionDefinition.Name)]
public sealed class CommandTableServerTests(RedisFixture fixture, ITestOutputHelper output) : CommandTestBase(fixture)
{
    [ServerFact(ServerFeature.RedisCommandDocs)]
    public async Task Every_row_has_the_key_positions_and_read_write_flags_the_server_reports()
    {
        await using var client = await ConnectAsync(RedisProtocol.Resp3);
        var rows = CommandTable.Commands.DistinctBy(r => r.Name).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        var infos = await client.Execute("COMMAND", ["INFO", .. rows.Select(r => (RedisValue)r.Name)]);
        Assert.Equal(rows.Count, infos.Count);

        var wrong = new List<string>();
        var unknown = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var info = infos[i];
            if (info.IsNull)
            {
                unknown.Add(row.Name);
                continue;
            }
            // A container (OBJECT, XINFO, MEMORY, ...) has one row for its subcommands (the first argument): each
            // subcommand with keys must have the row's, and the row is read-only when all of them are.
            var subcommands = info.Count > 9 ? info[9].Items.ToArray() : [];
            var specs = subcommands.Length == 0 ? [info] : subcommands;
            var movable = row.KeyCountAt != 0 || row.KeysAfter is not null;
            foreach (var spec in specs)
            {
                var (first, last, step) = ((int)spec[3].AsInt64(), (int)spec[4].AsInt64(), (int)spec[5].AsInt64());
                if (movable)
                {
                    if (!Flags(spec).Contains("movablekeys"))
                    {
                        wrong.Add($"{spec[0].AsString()}: the row finds keys after a count or keyword, the server does not call them movable");
                    }
                }
                else if ((subcommands.Length == 0 || first != 0) && (row.FirstKey, row.LastKey, row.KeyStep) != (first, last, step))
                {
                    wrong.Add($"{spec[0].AsString()}: keys ({row.FirstKey}, {row.LastKey}, {row.KeyStep}) in the row of {row.Name}, the server says ({first}, {last}, {step})");
                }
            }
            var readOnly = (row.Flags & CommandFlags.ReadOnly) != 0;
            if (readOnly && specs.Any(spec => Flags(spec).Contains("write")))
            {
                wrong.Add($"{row.Name}: ReadOnly in the table, a write for the server");
            }
            if (!readOnly && specs.All(spec => Flags(spec).Contains("readonly")))
            {
                wrong.Add($"{row.Name}: not ReadOnly in the table, read-only for the server");
            }
        }
        output.WriteLine($"{rows.Count - unknown.Count} rows checked; not known to this server: {string.Join(' ', unknown)}");
        foreach (var line in wrong)
        {
            output.WriteLine(line);
        }
        Assert.True(rows.Count - unknown.Count > 150, $"Only {rows.Count - unknown.Count} rows could be checked.");
        Assert.Empty(wrong);
    }

    private static HashSet<string?> Flags(in RespValue spec) => spec[2].Items.ToArray().Select(f => f.AsString()).ToHashSet(StringComparer.Ordinal);
}
