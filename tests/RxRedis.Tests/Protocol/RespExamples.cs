using System.Text;
using RxRedis.Protocol;

namespace RxRedis.Tests.Protocol;

/// <summary>
/// The examples of the RESP specification (https://redis.io/docs/latest/develop/reference/protocol-spec/), plus
/// the edge cases of each type, as wire text and the value it reads as.
/// </summary>
internal static class RespExamples
{
    public static readonly IReadOnlyDictionary<string, (string Wire, RespValue Value)> All =
        new Dictionary<string, (string, RespValue)>
        {
            ["simple string"] = ("+OK\r\n", Simple("OK")),
            ["empty simple string"] = ("+\r\n", Simple("")),
            ["simple error"] = ("-Error message\r\n", RespValue.Error("Error message")),
            ["wrongtype error"] = ("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                RespValue.Error("WRONGTYPE Operation against a key holding the wrong kind of value")),
            ["integer zero"] = (":0\r\n", RespValue.Integer(0)),
            ["integer 1000"] = (":1000\r\n", RespValue.Integer(1000)),
            ["integer negative"] = (":-1000\r\n", RespValue.Integer(-1000)),
            ["integer plus sign"] = (":+5\r\n", RespValue.Integer(5)),
            ["integer min"] = (":-9223372036854775808\r\n", RespValue.Integer(long.MinValue)),
            ["integer max"] = (":9223372036854775807\r\n", RespValue.Integer(long.MaxValue)),
            ["bulk string"] = ("$5\r\nhello\r\n", Bulk("hello")),
            ["empty bulk string"] = ("$0\r\n\r\n", Bulk("")),
            ["bulk string holding CRLF"] = ("$4\r\n\r\n\r\n\r\n", Bulk("\r\n\r\n")),
            ["null bulk string (RESP2)"] = ("$-1\r\n", RespValue.Null),
            ["null array (RESP2)"] = ("*-1\r\n", RespValue.Null),
            ["empty array"] = ("*0\r\n", Array()),
            ["array of bulk strings"] = ("*2\r\n$5\r\nhello\r\n$5\r\nworld\r\n", Array(Bulk("hello"), Bulk("world"))),
            ["array of integers"] = ("*3\r\n:1\r\n:2\r\n:3\r\n", Array(Int(1), Int(2), Int(3))),
            ["mixed array"] = ("*5\r\n:1\r\n:2\r\n:3\r\n:4\r\n$5\r\nhello\r\n",
                Array(Int(1), Int(2), Int(3), Int(4), Bulk("hello"))),
            ["nested array"] = ("*2\r\n*3\r\n:1\r\n:2\r\n:3\r\n*2\r\n+Hello\r\n-World\r\n",
                Array(Array(Int(1), Int(2), Int(3)), Array(Simple("Hello"), RespValue.Error("World")))),
            ["array with a null element"] = ("*3\r\n$5\r\nhello\r\n$-1\r\n$5\r\nworld\r\n",
                Array(Bulk("hello"), RespValue.Null, Bulk("world"))),
            ["null"] = ("_\r\n", RespValue.Null),
            ["true"] = ("#t\r\n", RespValue.Boolean(true)),
            ["false"] = ("#f\r\n", RespValue.Boolean(false)),
            ["double"] = (",1.23\r\n", RespValue.Double(1.23)),
            ["double integral"] = (",10\r\n", RespValue.Double(10)),
            ["double inf"] = (",inf\r\n", RespValue.Double(double.PositiveInfinity)),
            ["double -inf"] = (",-inf\r\n", RespValue.Double(double.NegativeInfinity)),
            ["double nan"] = (",nan\r\n", RespValue.Double(double.NaN)),
            ["double exponent"] = (",1.5e10\r\n", RespValue.Double(1.5e10)),
            ["double negative exponent"] = (",-1.5E-3\r\n", RespValue.Double(-1.5e-3)),
            ["big number"] = ("(3492890328409238509324850943850943825024385\r\n",
                Text(RespType.BigNumber, "3492890328409238509324850943850943825024385")),
            ["negative big number"] = ("(-3492890328409238509324850943850943825024385\r\n",
                Text(RespType.BigNumber, "-3492890328409238509324850943850943825024385")),
            ["bulk error"] = ("!21\r\nSYNTAX invalid syntax\r\n", Text(RespType.BulkError, "SYNTAX invalid syntax")),
            ["verbatim string"] = ("=15\r\ntxt:Some string\r\n", Text(RespType.VerbatimString, "txt:Some string")),
            ["map"] = ("%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n",
                Aggregate(RespType.Map, Simple("first"), Int(1), Simple("second"), Int(2))),
            ["empty map"] = ("%0\r\n", Aggregate(RespType.Map)),
            ["set"] = ("~5\r\n+orange\r\n+apple\r\n#t\r\n:100\r\n:999\r\n",
                Aggregate(RespType.Set, Simple("orange"), Simple("apple"), RespValue.Boolean(true), Int(100), Int(999))),
            ["attribute"] = (
                "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n",
                Array(Int(2039123), Int(9543892)).WithAttributes(Aggregate(RespType.Attribute,
                    Simple("key-popularity"),
                    Aggregate(RespType.Map, Bulk("a"), RespValue.Double(0.1923), Bulk("b"), RespValue.Double(0.0012))))),
            ["attribute on an array element"] = ("*3\r\n:1\r\n:2\r\n|1\r\n+ttl\r\n:3600\r\n:3\r\n",
                Array(Int(1), Int(2), Int(3).WithAttributes(Aggregate(RespType.Attribute, Simple("ttl"), Int(3600))))),
            ["empty attribute"] = ("|0\r\n+OK\r\n", Simple("OK").WithAttributes(Aggregate(RespType.Attribute))),
            ["push"] = (">4\r\n+pubsub\r\n+message\r\n+somechannel\r\n+this is the message\r\n",
                Aggregate(RespType.Push, Simple("pubsub"), Simple("message"), Simple("somechannel"), Simple("this is the message"))),
        };

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var name in All.Keys)
        {
            names.Add(name);
        }
        return names;
    }

    public static byte[] Bytes(string wire) => Encoding.Latin1.GetBytes(wire);

    public static RespValue Simple(string text) => RespValue.SimpleString(text);

    public static RespValue Bulk(string text) => RespValue.BulkString(Encoding.UTF8.GetBytes(text));

    public static RespValue Int(long value) => RespValue.Integer(value);

    public static RespValue Text(RespType type, string text) => RespValue.FromBytes(type, Encoding.UTF8.GetBytes(text));

    public static RespValue Array(params RespValue[] items) => RespValue.Aggregate(RespType.Array, items);

    public static RespValue Aggregate(RespType type, params RespValue[] items) => RespValue.Aggregate(type, items);
}
