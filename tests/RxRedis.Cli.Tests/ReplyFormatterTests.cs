using RxRedis.Protocol;
using Spectre.Console;
using Spectre.Console.Testing;

namespace RxRedis.Cli.Tests;

public sealed class ReplyFormatterTests
{
    private static string Render(RespValue reply)
    {
        var console = new TestConsole();
        console.MarkupLine(ReplyFormatter.ToMarkup(reply));
        return console.Output;
    }

    [Fact]
    public void Scalars_render_like_redis_cli()
    {
        Assert.Equal("OK\n", Render(RespValue.SimpleString("OK")));
        Assert.Equal("(integer) 42\n", Render(RespValue.Integer(42)));
        Assert.Equal("(double) 1.5\n", Render(RespValue.Double(1.5)));
        Assert.Equal("(true)\n", Render(RespValue.Boolean(true)));
        Assert.Equal("(nil)\n", Render(default));
        Assert.Equal("\"a\\nb\\x01 [x]\"\n", Render(RespValue.BulkString("a\nb\u0001 [x]"u8.ToArray())));
        Assert.Equal("(error) ERR [bad]\n", Render(RespValue.Error("ERR [bad]")));
    }

    [Fact]
    public void Aggregates_are_numbered_and_nested_items_indented()
    {
        var nested = RespValue.Aggregate(RespType.Array,
        [
            RespValue.Integer(1),
            RespValue.Aggregate(RespType.Array, [RespValue.SimpleString("x"), RespValue.SimpleString("y")]),
            RespValue.Aggregate(RespType.Array, []),
        ]);
        Assert.Equal("1) (integer) 1\n2) 1) x\n   2) y\n3) (empty array)\n", Render(nested));

        var map = RespValue.Aggregate(RespType.Map, [RespValue.SimpleString("k"), RespValue.Integer(2)]);
        Assert.Equal("1# k => (integer) 2\n", Render(map));
    }
}
