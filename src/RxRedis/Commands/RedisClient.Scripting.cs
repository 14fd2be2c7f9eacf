using System.Reactive;
using System.Reactive.Linq;
using RxRedis.Commands;
using RxRedis.Protocol;

namespace RxRedis;

// Scripting and functions: https://redis.io/docs/latest/commands/?group=scripting. Script results are whatever the
// script returns, so they come back as RespValue.
public sealed partial class RedisClient
{
    /// <summary><c>EVAL script numkeys key ... arg ...</c> (or <c>EVAL_RO</c>): runs Lua and returns its result.</summary>
    [RedisCommand("EVAL", "EVAL_RO")]
    public RedisObservable<RespValue> Eval(string script, RedisKey[]? keys = null, RedisValue[]? args = null, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(script);
        return Command(readOnly ? CommandTable.EvalRo : CommandTable.Eval, ReplyDecoders.Raw, ScriptArguments(script, keys, args));
    }

    /// <summary><c>EVALSHA sha1 numkeys key ... arg ...</c> (or <c>EVALSHA_RO</c>): runs a cached script; fails with NOSCRIPT when not cached.</summary>
    [RedisCommand("EVALSHA", "EVALSHA_RO")]
    public RedisObservable<RespValue> EvalSha(string sha1, RedisKey[]? keys = null, RedisValue[]? args = null, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha1);
        return Command(readOnly ? CommandTable.EvalShaRo : CommandTable.EvalSha, ReplyDecoders.Raw, ScriptArguments(sha1, keys, args));
    }

    /// <summary>
    /// Runs <paramref name="script"/> by its SHA1 and, only if the server answers <c>NOSCRIPT</c>, by its text (which
    /// caches it). Each subscription tries EVALSHA first, so a server restart costs one extra round trip.
    /// </summary>
    [RedisCommand("EVALSHA", "EVAL", "EVALSHA_RO", "EVAL_RO")]
    public IObservable<RespValue> Eval(RedisScript script, RedisKey[]? keys = null, RedisValue[]? args = null, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(script);
        var bySha = EvalSha(script.Sha1, keys, args, readOnly);
        var byText = Eval(script.Text, keys, args, readOnly);
        return bySha.Catch<RespValue, RedisServerException>(e => e.Prefix == "NOSCRIPT" ? byText : Observable.Throw<RespValue>(e));
    }

    /// <summary><c>FCALL function numkeys key ... arg ...</c> (or <c>FCALL_RO</c>): calls a loaded function.</summary>
    [RedisCommand("FCALL", "FCALL_RO")]
    public RedisObservable<RespValue> FCall(string function, RedisKey[]? keys = null, RedisValue[]? args = null, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(function);
        return Command(readOnly ? CommandTable.FCallRo : CommandTable.FCall, ReplyDecoders.Raw, ScriptArguments(function, keys, args));
    }

    private static RedisValue[] ScriptArguments(RedisValue head, RedisKey[]? keys, RedisValue[]? args)
    {
        var list = new ArgumentList(2 + (keys?.Length ?? 0) + (args?.Length ?? 0)).Add(head).Add(keys?.Length ?? 0);
        foreach (var key in keys ?? [])
        {
            list.Key(key, nameof(keys));
        }
        foreach (var arg in args ?? [])
        {
            list.Value(arg, nameof(args));
        }
        return list.ToArray();
    }

    /// <summary><c>SCRIPT LOAD script</c>: caches the script (in a cluster, on every primary); its SHA1.</summary>
    [RedisCommand("SCRIPT")]
    public RedisObservable<string> ScriptLoad(string script) =>
        OnEveryPrimary(CommandTable.Script, ReplyDecoders.Text, First, "LOAD", Arguments.Value(script, nameof(script)))!;

    /// <summary><c>SCRIPT EXISTS sha1 [sha1 ...]</c>: whether each script is cached (in a cluster, true only where every primary has it).</summary>
    [RedisCommand("SCRIPT")]
    public RedisObservable<bool[]> ScriptExists(params string[] sha1s) =>
        OnEveryPrimary(CommandTable.Script, ReplyDecoders.Booleans, AllTrue,
            new ArgumentList().Add("EXISTS").Values([.. (sha1s ?? throw new ArgumentNullException(nameof(sha1s))).Select(static s => (RedisValue)s)], nameof(sha1s)).ToArray());

    // A script is usable through EVALSHA everywhere only if every primary has it cached.
    private static bool[] AllTrue(bool[][] perNode) =>
        [.. Enumerable.Range(0, perNode[0].Length).Select(i => Array.TrueForAll(perNode, node => node[i]))];

    /// <summary><c>SCRIPT FLUSH [ASYNC|SYNC]</c>: empties the script cache (in a cluster, on every primary).</summary>
    [RedisCommand("SCRIPT")]
    public RedisObservable<Unit> ScriptFlush(bool async = false) =>
        OnEveryPrimary(CommandTable.Script, ReplyDecoders.Ok, First, "FLUSH", async ? "ASYNC" : "SYNC");

    /// <summary><c>SCRIPT KILL</c>: stops a running read-only script.</summary>
    [RedisCommand("SCRIPT")]
    public RedisObservable<Unit> ScriptKill() => Command(CommandTable.Script, ReplyDecoders.Ok, "KILL");

    /// <summary><c>FUNCTION LOAD [REPLACE] code</c>: loads a library (in a cluster, on every primary); its name.</summary>
    [RedisCommand("FUNCTION")]
    public RedisObservable<string> FunctionLoad(string code, bool replace = false) =>
        OnEveryPrimary(CommandTable.Function, ReplyDecoders.Text, First, new ArgumentList(3).Add("LOAD").AddIf(replace, "REPLACE").Value(code, nameof(code)).ToArray())!;

    /// <summary><c>FUNCTION DELETE library</c>: removes a library (in a cluster, from every primary).</summary>
    [RedisCommand("FUNCTION")]
    public RedisObservable<Unit> FunctionDelete(string library) =>
        OnEveryPrimary(CommandTable.Function, ReplyDecoders.Ok, First, "DELETE", Arguments.Value(library, nameof(library)));

    /// <summary><c>FUNCTION FLUSH [ASYNC|SYNC]</c>: removes every library (in a cluster, from every primary).</summary>
    [RedisCommand("FUNCTION")]
    public RedisObservable<Unit> FunctionFlush(bool async = false) =>
        OnEveryPrimary(CommandTable.Function, ReplyDecoders.Ok, First, "FLUSH", async ? "ASYNC" : "SYNC");

    /// <summary><c>FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE]</c>: one record per library (name, engine, functions, code).</summary>
    [RedisCommand("FUNCTION")]
    public RedisObservable<RedisRecord[]> FunctionList(string? libraryPattern = null, bool withCode = false) =>
        Command(CommandTable.Function, ReplyDecoders.Records, new ArgumentList(4).Add("LIST")
            .AddIf(libraryPattern is not null, "LIBRARYNAME", libraryPattern).AddIf(withCode, "WITHCODE").ToArray());

    /// <summary><c>FUNCTION DUMP</c>: every library serialized, for <see cref="FunctionRestore"/>.</summary>
    [RedisCommand("FUNCTION")]
    public RedisObservable<byte[]> FunctionDump() => Command(CommandTable.Function, static r => r.AsBytes() ?? [], "DUMP");

    /// <summary><c>FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE]</c>: loads libraries from a dump (policy as the Redis keyword).</summary>
    [RedisCommand("FUNCTION")]
    public RedisObservable<Unit> FunctionRestore(byte[] payload, string policy = "APPEND") =>
        Command(CommandTable.Function, ReplyDecoders.Ok, "RESTORE", Arguments.Value(payload, nameof(payload)), Arguments.Value(policy, nameof(policy)));

    /// <summary><c>FUNCTION KILL</c>: stops a running read-only function.</summary>
    [RedisCommand("FUNCTION")]
    public RedisObservable<Unit> FunctionKill() => Command(CommandTable.Function, ReplyDecoders.Ok, "KILL");

    /// <summary><c>FUNCTION STATS</c>: the running script and the engines, as sent.</summary>
    [RedisCommand("FUNCTION")]
    public RedisObservable<RespValue> FunctionStats() => Command(CommandTable.Function, ReplyDecoders.Raw, "STATS");
}
